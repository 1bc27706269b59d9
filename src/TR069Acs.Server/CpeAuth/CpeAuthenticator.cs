using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using TR069Acs.Cwmp.Auth;
using TR069Acs.Server.Files;
using TR069Acs.Server.Sessions;

namespace TR069Acs.Server.CpeAuth;

/// <summary>Decides whether an Inform may open a session for the device it names (TR-069 §3.4.4, DESIGN §4a). The
/// Inform is parsed first — parsing changes nothing — so the claimed device is known and its own credentials are the
/// only ones checked: a session authenticated as A can never open as B. On refusal the answer (401 with a challenge,
/// 403, or 429) is written here and nothing is stored.</summary>
/// <remarks>
/// Who is let in, by <see cref="CpeAuthOptions.Mode"/>:
/// <list type="bullet">
/// <item><c>Credentials</c>: a device with credentials of its own proves them (Digest qop=auth, or Basic over HTTPS);
/// while it has never accepted them, its admission still works (bootstrap credential, or nothing with open admission).
/// An unknown device is admitted by <see cref="CpeAuthOptions.Admission"/>.</item>
/// <item><c>Certificate</c>: the verified client certificate names the device (serial in L, or MAC in S).</item>
/// <item><c>Off</c>: everyone (lab).</item>
/// </list>
/// Either way an admitted device is bound: its own credentials are set on it in this session.
/// </remarks>
internal sealed partial class CpeAuthenticator(
    CpeCredentialStore store,
    DigestNonces nonces,
    CpeAuthThrottle throttle,
    IEnumerable<ICpeAuthFailureObserver> observers,
    AcsOptions options,
    TimeProvider time,
    ILogger<CpeAuthenticator> logger)
{
    private readonly CpeAuthOptions _o = options.CpeAuth;
    private readonly ICpeAuthFailureObserver[] _observers = [.. observers];

    /// <summary>Authenticates the Inform of <paramref name="claim"/>; null when refused (the answer is written).</summary>
    public async Task<CpeCredentials?> AuthenticateAsync(HttpContext context, CpeClaim claim)
    {
        var ct = context.RequestAborted;
        var source = CpeAuthThrottle.KeyOf(context.Connection.RemoteIpAddress);
        if (throttle.LockedFor(source) is > 0 and var seconds)
        {
            context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await CwmpHttp.TextAsync(context, StatusCodes.Status429TooManyRequests,
                $"Too many failed CWMP authentications from {source}; try again in {seconds} s.");
            return null;
        }
        var credentials = await store.GetAsync(claim.DeviceId, ct);
        switch (_o.Mode)
        {
            case CpeAuthMode.Off:
                return credentials ?? await store.BindNewAsync(claim.DeviceId, claim.Serial, ct);
            case CpeAuthMode.Certificate:
                if (CertificateProblem(context, claim) is { } problem)
                {
                    await RefuseAsync(context, claim, source, StatusCodes.Status403Forbidden, problem);
                    return null;
                }
                context.Features.Set(new CpeProof(claim.DeviceId, null, CertificateHash(context)));
                return credentials ?? await store.BindNewAsync(claim.DeviceId, claim.Serial, ct);
        }

        if (credentials is null)
        {
            switch (_o.Admission)
            {
                case CpeAdmission.Open:
                    return await store.BindNewAsync(claim.DeviceId, claim.Serial, ct);
                case CpeAdmission.PreRegistered:
                    await RefuseAsync(context, claim, source, StatusCodes.Status403Forbidden,
                        $"device {claim.DeviceId} is not pre-registered, and only pre-registered devices are admitted (Acs:CpeAuth:Admission PreRegistered)");
                    return null;
            }
        }
        else if (credentials.Bootstrap && _o.Admission == CpeAdmission.Open)
        {
            return credentials; // open admission, not yet bound: nothing to prove yet
        }

        // After a factory reset the phone holds only the factory (bootstrap) pair: within its re-admission window, and only
        // on the Inform of a reset phone, that pair opens the bound device once (ReadmitAsync closes the window).
        var readmit = credentials is { Bootstrap: false, ReadmitUntil: { } until } && claim.FactoryBootstrap
            && until > time.GetUtcNow().ToUnixTimeMilliseconds();
        var bootstrapAccepted = readmit || (_o.Admission == CpeAdmission.Bootstrap && (credentials is null || credentials.Bootstrap));
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            // The usual first leg: not a failure, nothing counted.
            await ChallengeAsync(context, stale: false, $"Authentication required for device {claim.DeviceId}.");
            return null;
        }

        var verdict = Verify(context, authorization, credentials, bootstrapAccepted);
        if (verdict.Stale)
        {
            await ChallengeAsync(context, stale: true, "The Digest nonce has expired; answer the new one.");
            return null;
        }
        if (verdict.Ok)
        {
            if (credentials is { Bootstrap: false } && verdict.Username == credentials.Username && verdict.Username != _o.BootstrapUsername)
            {
                // Its own credentials, not the bootstrap pair every factory phone holds: this is the device (issue 16 §5).
                context.Features.Set(new CpeProof(claim.DeviceId, verdict.Username, null));
            }
            else if (readmit && verdict.Username == _o.BootstrapUsername)
            {
                return await ReadmitAsync(context, claim, source, ct);
            }
            return credentials ?? await store.BindNewAsync(claim.DeviceId, claim.Serial, ct);
        }
        if (verdict.Username is { } user && await ProvesOtherDeviceAsync(context, authorization, user, claim.DeviceId, ct) is { } other)
        {
            await RefuseAsync(context, claim, source, StatusCodes.Status403Forbidden,
                $"authenticated as device {other} but the Inform names {claim.DeviceId}");
            return null;
        }
        await RefuseAsync(context, claim, source, StatusCodes.Status401Unauthorized, verdict.Problem ?? "the credentials are wrong");
        return null;
    }

    // The bootstrap pair was proven within the device's window: use the window (one session only) and bind afresh.
    private async Task<CpeCredentials?> ReadmitAsync(HttpContext context, CpeClaim claim, string source, CancellationToken ct)
    {
        if (await store.ReadmitAsync(claim.DeviceId, ct) is not { } fresh)
        {
            await RefuseAsync(context, claim, source, StatusCodes.Status401Unauthorized,
                "the bootstrap credential does not open a device bound to credentials of its own (its re-admission window was just used)");
            return null;
        }
        var remote = context.Connection.RemoteIpAddress?.ToString();
        Log.Readmitted(logger, claim.DeviceId, remote);
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnReadmitted(claim.DeviceId, remote);
            }
            catch (Exception ex)
            {
                Log.ObserverFailed(logger, ex);
            }
        }
        return fresh;
    }

    private string? CertificateProblem(HttpContext context, CpeClaim claim)
    {
        if (!context.Request.IsHttps)
        {
            return "Acs:CpeAuth:Mode is Certificate: CWMP must use HTTPS with a client certificate (Acs:CwmpTlsPort)";
        }
        // The TLS listener has verified the certificate against Acs:ClientCa (mode Required in Certificate mode).
        var identity = ClientCertificateIdentity.From(context.Connection.ClientCertificate);
        if (identity is null)
        {
            return "no client certificate was presented";
        }
        if (!identity.NamesDevice)
        {
            return $"the client certificate ({identity.SubjectText}) names no device";
        }
        var serialMatches = identity.Serial is { } serial && serial.Equals(claim.Serial, StringComparison.OrdinalIgnoreCase);
        var macMatches = identity.Mac is { } mac && claim.Mac is { } informMac
            && Configuration.MacAddress.TryNormalize(informMac, out var normalized) && normalized == mac;
        return serialMatches || macMatches ? null : $"the client certificate names {identity.Describe()}, not device {claim.DeviceId}";
    }

    /// <summary>The SHA-256 hash of the connection's client certificate, or null without one.</summary>
    internal static string? CertificateHash(HttpContext context)
        => context.Connection.ClientCertificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);

    private Verdict Verify(HttpContext context, string authorization, CpeCredentials? credentials, bool bootstrapAccepted)
    {
        var request = context.Request;
        if (DigestAuth.TryParseAuthorization(authorization, out var digest))
        {
            if (!string.Equals(digest.Realm, _o.Realm, StringComparison.Ordinal))
            {
                return Verdict.Fail(digest.Username, $"the Digest realm '{digest.Realm}' is not this ACS's ('{_o.Realm}')");
            }
            if (digest.Opaque is not null && digest.Opaque != nonces.Opaque)
            {
                return Verdict.Fail(digest.Username, "the Digest opaque value was not issued here");
            }
            if (!string.Equals(digest.Qop, "auth", StringComparison.OrdinalIgnoreCase))
            {
                return Verdict.Fail(digest.Username, "Digest must use qop=auth");
            }
            switch (nonces.Check(digest.Nonce, digest.NonceCount))
            {
                case NonceCheck.Stale or NonceCheck.Replayed:
                    return new Verdict(false, true, digest.Username, null);
                case NonceCheck.Invalid:
                    return Verdict.Fail(digest.Username, "the Digest nonce was not issued by this ACS");
            }
            foreach (var (user, password) in Candidates(credentials, bootstrapAccepted))
            {
                if (user == digest.Username && DigestAuth.Verify(digest, request.Method, password))
                {
                    return new Verdict(true, false, digest.Username, null);
                }
            }
            return Verdict.Fail(digest.Username, Wrong(digest.Username, credentials, bootstrapAccepted));
        }
        if (BasicAuth.TryParseAuthorization(authorization, out var basic))
        {
            if (!request.IsHttps)
            {
                return Verdict.Fail(basic.Username, "Basic authentication is accepted only over HTTPS; use Digest");
            }
            foreach (var (user, password) in Candidates(credentials, bootstrapAccepted))
            {
                if (BasicAuth.Verify(basic, user, password))
                {
                    return new Verdict(true, false, basic.Username, null);
                }
            }
            return Verdict.Fail(basic.Username, Wrong(basic.Username, credentials, bootstrapAccepted));
        }
        return Verdict.Fail(null, "the Authorization header is neither Digest nor Basic");
    }

    private string Wrong(string username, CpeCredentials? credentials, bool bootstrapAccepted)
        => username == _o.BootstrapUsername && !bootstrapAccepted
            ? "the bootstrap credential does not open a device bound to credentials of its own"
            : $"wrong user name or password (user '{username}')";

    private IEnumerable<(string User, string Password)> Candidates(CpeCredentials? credentials, bool bootstrapAccepted)
    {
        if (credentials is not null)
        {
            if (!string.IsNullOrEmpty(credentials.Password))
            {
                yield return (credentials.Username, credentials.Password);
            }
            if (!string.IsNullOrEmpty(credentials.NextPassword) && credentials.NextPassword != credentials.Password)
            {
                yield return (credentials.Username, credentials.NextPassword);
            }
        }
        if (bootstrapAccepted && !string.IsNullOrEmpty(_o.BootstrapPassword))
        {
            yield return (_o.BootstrapUsername, _o.BootstrapPassword);
        }
    }

    // After a failure only: did the CPE prove another device's credentials? Then it is that device informing as another.
    private async Task<string?> ProvesOtherDeviceAsync(HttpContext context, string authorization, string username, string claimed, CancellationToken ct)
    {
        if (username == _o.BootstrapUsername || await store.FindByUsernameAsync(username, ct) is not { } other || other.DeviceId == claimed)
        {
            return null;
        }
        var request = context.Request;
        foreach (var password in new[] { other.Password, other.NextPassword })
        {
            if (string.IsNullOrEmpty(password))
            {
                continue;
            }
            var ok = DigestAuth.TryParseAuthorization(authorization, out var digest)
                ? DigestAuth.Verify(digest, request.Method, password)
                : request.IsHttps && BasicAuth.TryParseAuthorization(authorization, out var basic) && BasicAuth.Verify(basic, other.Username, password);
            if (ok)
            {
                return other.DeviceId;
            }
        }
        return null;
    }

    private Task ChallengeAsync(HttpContext context, bool stale, string message)
    {
        var headers = context.Response.Headers;
        var challenges = new List<string> { DigestAuth.CreateChallenge(_o.Realm, nonces.Issue(), nonces.Opaque, stale) };
        if (context.Request.IsHttps)
        {
            challenges.Add(BasicAuth.CreateChallenge(_o.Realm));
        }
        headers[HeaderNames.WWWAuthenticate] = new Microsoft.Extensions.Primitives.StringValues([.. challenges]);
        return CwmpHttp.TextAsync(context, StatusCodes.Status401Unauthorized, message);
    }

    private async Task RefuseAsync(HttpContext context, CpeClaim claim, string source, int status, string reason)
    {
        var count = throttle.RecordFailure(source);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (count.FirstInBurst)
        {
            Log.Refused(logger, claim.DeviceId, remote, source, status, reason);
        }
        if (count.LockedOut)
        {
            Log.LockedOut(logger, source, _o.LockoutAfterFailures, _o.LockoutSeconds);
        }
        var failure = new CpeAuthFailure(claim.DeviceId, source, remote, status, reason, count.FirstInBurst, time.GetUtcNow());
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnFailure(failure);
            }
            catch (Exception ex)
            {
                Log.ObserverFailed(logger, ex);
            }
        }
        if (throttle.DelayFor(source) is { Ticks: > 0 } delay)
        {
            await Task.Delay(delay, time, context.RequestAborted);
        }
        if (status == StatusCodes.Status401Unauthorized)
        {
            await ChallengeAsync(context, stale: false, $"Authentication failed for device {claim.DeviceId}: {reason}.");
        }
        else
        {
            await CwmpHttp.TextAsync(context, status, $"Refused: {reason}.");
        }
    }

    private readonly record struct Verdict(bool Ok, bool Stale, string? Username, string? Problem)
    {
        public static Verdict Fail(string? username, string problem) => new(false, false, username, problem);
    }

    private static partial class Log
    {
        [LoggerMessage(901, LogLevel.Warning,
            "CWMP authentication refused for claimed device {DeviceId} from {RemoteAddress} (source {Source}): HTTP {Status}, {Reason}; further failures from this source in this window are counted, not logged")]
        public static partial void Refused(ILogger logger, string deviceId, string? remoteAddress, string source, int status, string reason);

        [LoggerMessage(902, LogLevel.Warning, "CWMP source {Source} failed to authenticate {Failures} times: refused (429) for {Seconds} s")]
        public static partial void LockedOut(ILogger logger, string source, int failures, int seconds);

        [LoggerMessage(903, LogLevel.Error, "A CPE authentication failure observer failed")]
        public static partial void ObserverFailed(ILogger logger, Exception exception);

        [LoggerMessage(907, LogLevel.Warning,
            "Device {DeviceId} re-admitted after a factory reset with the bootstrap credential from {RemoteAddress}: its re-admission window is closed and fresh credentials are set on it in this session")]
        public static partial void Readmitted(ILogger logger, string deviceId, string? remoteAddress);
    }
}

/// <summary>Who an Inform says it is.</summary>
/// <param name="DeviceId">OUI-ProductClass-SerialNumber.</param>
/// <param name="Serial">The serial number.</param>
/// <param name="Mac">The MAC address the Inform reports, if any.</param>
/// <param name="FactoryBootstrap">The Inform carries <c>0 BOOTSTRAP</c> (the phone came back with factory values).</param>
internal sealed record CpeClaim(string DeviceId, string Serial, string? Mac, bool FactoryBootstrap = false);
