using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Server.Sessions;

/// <summary>What a request that names a live session may do with it.</summary>
internal enum SessionAdmission
{
    /// <summary>The request belongs to the session.</summary>
    Admitted,

    /// <summary>Another client's request (address or identity differ): refused with 403, the session untouched.</summary>
    Refused,

    /// <summary>The session had reached its lifetime or request cap and is now closed; the request goes on as one
    /// without a session (an Inform opens a new one, anything else is told the session is over).</summary>
    Ended,
}

internal sealed partial class SessionEngine
{
    // Replayed cookies come in floods when they come: the first of each minute is logged, the rest counted.
    private readonly Hosting.BurstLog _strangers = new(TimeSpan.FromMinutes(1));

    /// <summary>Issue 16 §5: a session is bound to its cookie, the address its Inform came from and the identity that
    /// proved the device; it lasts at most <see cref="SessionOptions.MaxLifetime"/> and
    /// <see cref="SessionOptions.MaxRequests"/> requests. A refused request is answered here.</summary>
    public async Task<SessionAdmission> AdmitAsync(HttpContext context, CwmpSession session)
    {
        if (session.IsClosed)
        {
            return SessionAdmission.Admitted; // the handlers answer "session over"
        }
        if (Stranger(context, session) is { } why)
        {
            if (_strangers.ShouldLog(out var suppressed))
            {
                Log.Stranger(logger, session.DeviceId, why, suppressed);
            }
            await CwmpHttp.TextAsync(context, StatusCodes.Status403Forbidden,
                "Refused: this session cookie was issued to another client (its address or credentials differ); start a session with an Inform.");
            return SessionAdmission.Refused;
        }
        if (Exhausted(session, session.CountRequest()) is not { } reason)
        {
            return SessionAdmission.Admitted;
        }
        await session.Gate.WaitAsync(context.RequestAborted);
        try
        {
            if (!session.IsClosed)
            {
                Log.Ended(logger, session.DeviceId, reason);
                await CloseAsync(session, reason);
            }
        }
        finally
        {
            session.Gate.Release();
        }
        return SessionAdmission.Ended;
    }

    private string? Exhausted(CwmpSession session, int requests)
    {
        var limits = options.Sessions;
        if (requests > limits.MaxRequests)
        {
            return $"the session reached its cap of {limits.MaxRequests} requests (Acs:Sessions:MaxRequests)";
        }
        return OverLifetime(session)
            ? $"the session reached its lifetime of {limits.MaxLifetime.TotalSeconds:0} s (Acs:Sessions:MaxLifetime)"
            : null;
    }

    private bool OverLifetime(CwmpSession session) => Ticks - session.Started > (long)options.Sessions.MaxLifetime.TotalMilliseconds;

    private static string? Stranger(HttpContext context, CwmpSession session)
    {
        var remote = Normalize(context.Connection.RemoteIpAddress);
        if (session.RemoteAddress is { } address && !address.Equals(remote))
        {
            return $"a request from {remote} carried the session of an Inform from {address}";
        }
        if (session.Proof is { CertificateHash: { } hash } && CpeAuth.CpeAuthenticator.CertificateHash(context) != hash)
        {
            return "a request came without the client certificate that proved the device";
        }
        if (session.Proof is { Username: { } user } && AuthorizationUser(context.Request) is { } other && other != user)
        {
            return $"a request with the credentials of user '{other}' carried the session opened by '{user}'";
        }
        return null;
    }

    private static string? AuthorizationUser(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.Length == 0 ? null
            : DigestAuth.TryParseAuthorization(header, out var digest) ? digest.Username
            : BasicAuth.TryParseAuthorization(header, out var basic) ? basic.Username
            : null;
    }

    /// <summary>An address as compared for the session binding: IPv4-mapped IPv6 as IPv4.</summary>
    internal static IPAddress? Normalize(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    // Issue 16 §5: the device proved itself (its own credentials or certificate), so a session still running for it is a
    // stuck one or a hostile one holding it: the device's Inform wins, instead of being told 503 for as long as the holder likes.
    private async Task TakeOverAsync(HttpContext context, CwmpSession holder)
    {
        if (!await holder.Gate.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted))
        {
            return;
        }
        try
        {
            if (!holder.IsClosed)
            {
                var reason = $"the device informed again from {Normalize(context.Connection.RemoteIpAddress)}, proving its identity, and took the session over";
                Log.Ended(logger, holder.DeviceId, reason);
                await CloseAsync(holder, reason);
            }
        }
        finally
        {
            holder.Gate.Release();
        }
    }
}
