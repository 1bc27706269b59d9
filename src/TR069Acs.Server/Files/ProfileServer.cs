using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>
/// <c>/cfg/{name}</c> on the file server: the profile a phone resyncs to, rendered from the database per request.
/// A name containing a MAC serves that device's effective profile; a model name or product series
/// (<c>CP-8841-3PCC.xml</c>, <c>8841.xml</c> — the <c>$PN</c>/<c>$PSN</c> rules) serves the model scope; any other name
/// serves the profile of the device the User-Agent names (serial or MAC). GET, HEAD and POST (a resync posting the
/// phone's status in the body, which is recorded) are answered alike. Only HTTPS with the device's verified client
/// certificate carries its secrets in clear; every other channel gets what <see cref="ProfileSecrets"/> allows.
/// </summary>
internal sealed partial class ProfileServer(
    ConfigService config,
    DeviceDirectory directory,
    ProfileFetchStore fetches,
    ProfileRenderer renderer,
    ProfileSecrets secrets,
    ClientCertificateAuthorizer certificates,
    Provisioning.ProvisioningGate provisioning,
    ParameterCatalogue catalogue,
    ConfigStore store,
    TimeProvider time,
    ILogger<ProfileServer> logger)
{
    /// <summary>Largest status body a POST resync may carry.</summary>
    public const int MaxStatusBytes = 64 * 1024;

    public async Task HandleAsync(HttpContext http, string path)
    {
        var cancellationToken = http.RequestAborted;
        if (!ProfileRequestName.TryParse(path, out var name, out var error))
        {
            await FileResponses.TextAsync(http, StatusCodes.Status400BadRequest, $"Refused /cfg/{Printable(path)}: {error}.");
            return;
        }
        string? statusBody = null;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            statusBody = await ReadStatusAsync(http.Request, cancellationToken);
            if (statusBody is null)
            {
                await FileResponses.TextAsync(http, StatusCodes.Status413PayloadTooLarge, $"The resync status body is larger than {MaxStatusBytes} bytes.");
                return;
            }
        }
        var request = new ProfileRequest(name, http.Request.Method, http.Connection.RemoteIpAddress?.ToString(),
            http.Request.Headers.UserAgent.ToString(), statusBody,
            ClientCertificateIdentity.From(http.Connection.ClientCertificate), http.Request.Scheme,
            http.Request.Host.HasValue ? http.Request.Host.Host : null);
        var profile = await ResolveAsync(request, cancellationToken);
        if (profile.Body is null)
        {
            await FileResponses.TextAsync(http, profile.Status, profile.Refusal!);
            return;
        }
        http.Response.Headers.CacheControl = "no-store";
        await FileResponses.BytesAsync(http, profile.Body, profile.ContentType!);
    }

    /// <summary>
    /// Finds the profile the request's name stands for and renders it, whatever the transport (HTTP, HTTPS, TFTP).
    /// The fetch is recorded against the device when one is identified. Body null: nothing matches or the requester may not
    /// have it; Refusal says why, Status is the HTTP answer (404, 403).
    /// </summary>
    /// <remarks>A verified client certificate that names a device (MAC in S, serial in L) takes precedence over the
    /// User-Agent, and may fetch only that device's profile (<see cref="ClientCertificateAuthorizer"/>); a generic one
    /// leaves identification to the User-Agent.</remarks>
    public async Task<ResolvedProfile> ResolveAsync(ProfileRequest request, CancellationToken cancellationToken)
    {
        var (name, method, remote, userAgent, statusBody) = (request.Name, request.Method, request.Remote, request.UserAgent, request.StatusBody);
        var agent = string.IsNullOrEmpty(userAgent) ? null : CiscoUserAgent.Parse(userAgent, catalogue);
        CertificateDecision? certified = null;
        if (request.Certificate is { NamesDevice: true } certificate)
        {
            var userAgentDevice = name.Mac is null ? await IdentifyAsync(agent, cancellationToken) : null;
            certified = await certificates.AuthorizeAsync(certificate, request, userAgentDevice, cancellationToken);
            if (certified.Refusal is { } refusal)
            {
                return new ResolvedProfile(null, null, refusal, StatusCodes.Status403Forbidden);
            }
        }

        EffectiveConfig? effective = null;
        string? model = null;
        DeviceRow? device = null;
        var staged = false;
        if (name.Mac is { } mac)
        {
            device = await directory.FindByMacAsync(mac, cancellationToken);
        }
        else if (await ModelOfAsync(name.BaseName, cancellationToken) is { } named)
        {
            model = named;
            effective = await config.EffectiveForModelAsync(named, cancellationToken);
            // recorded only: the model profile is served
            device = certified is not null ? certified.Device : await IdentifyAsync(agent, cancellationToken);
        }
        else
        {
            device = certified is not null ? certified.Device : await IdentifyAsync(agent, cancellationToken);
        }
        if (effective is null)
        {
            if (device is null)
            {
                // Provisioning/: another device's secure directory is 403; Acs:AutoRegistration=Bootstrap registers the device.
                var (registered, unknownRefusal) = await provisioning.ForUnknownDeviceAsync(request, agent, cancellationToken);
                if (unknownRefusal is not null)
                {
                    return new ResolvedProfile(null, null, unknownRefusal.Message, unknownRefusal.Status);
                }
                device = registered;
            }
            if (device is null)
            {
                Log.Unknown(logger, name.Name, remote);
                var who = name.Mac is not null ? "MAC " + name.Mac
                    : certified is not null ? $"the {request.Certificate!.Describe()} of the client certificate"
                    : "the serial or MAC of this User-Agent";
                return new ResolvedProfile(null, null, $"No profile for '{Printable(name.Name)}': no device with {who} is known, and it names no model.");
            }
            model = device.ProductClass;
            effective = await config.EffectiveForDeviceAsync(device, cancellationToken);
            // Provisioning/: with secure two-stage provisioning on, the first stage or the encrypted second stage.
            var stage = await provisioning.ForDeviceAsync(request, device, effective, Proves(certified, device), cancellationToken);
            if (stage.Refusal is { } secureRefusal)
            {
                return new ResolvedProfile(null, null, secureRefusal.Message, secureRefusal.Status);
            }
            effective = stage.Config!;
            staged = stage.Staged;
        }
        if (!staged && !Proves(certified, device))
        {
            // Issue 16 §3: plain HTTP, TFTP, HTTPS without the device's certificate (a secure provisioning stage has
            // decided this itself: its first stage goes only to the certificate, its second is under the device's key).
            effective = secrets.ForUnverifiedChannel(effective, device, request);
        }
        if (device is not null)
        {
            await fetches.RecordAsync(new ProfileFetch(device.Id, time.GetUtcNow().ToUnixTimeMilliseconds(), method, name.Name,
                remote, userAgent is null ? null : Bounded(userAgent, 512), agent?.Version, statusBody), cancellationToken);
        }
        effective = ProfileTemplate.Apply(effective, new ProfileTemplateContext(request, device), logger);
        var (body, contentType) = renderer.Render(effective, model, name.Gzip);
        return new ResolvedProfile(body, contentType, null);
    }

    // A verified client certificate that named a known device, which is the device served (the model profile: any).
    private static bool Proves(CertificateDecision? certified, DeviceRow? device)
        => certified?.Device is { } proven && (device is null || string.Equals(proven.Id, device.Id, StringComparison.Ordinal));

    // $PN (CP-8841-3PCC) or $PSN (8841) of a catalogue model, or a model scope the operator created.
    private async Task<string?> ModelOfAsync(string baseName, CancellationToken cancellationToken)
    {
        if (catalogue.TryGetModel(baseName, out var model))
        {
            return model.Name;
        }
        if (catalogue.Models.FirstOrDefault(m => m.ProductSeries.Equals(baseName, StringComparison.OrdinalIgnoreCase)) is { } series)
        {
            return series.Name;
        }
        return baseName.Length > 0 && await store.HasScopeAsync(new ConfigScope(ConfigScopeKind.Model, baseName), cancellationToken) ? baseName : null;
    }

    // The User-Agent's tokens are serial numbers or MACs; a 12-hex-digit serial looks like a MAC, so both are tried.
    private async Task<DeviceRow?> IdentifyAsync(CiscoUserAgent? agent, CancellationToken cancellationToken)
    {
        if (agent is null)
        {
            return null;
        }
        foreach (var token in agent.Tokens)
        {
            if (await directory.FindBySerialAsync(token, agent.Product, cancellationToken) is { } bySerial)
            {
                return bySerial;
            }
            if (MacAddress.TryNormalize(token, out var mac) && await directory.FindByMacAsync(mac, cancellationToken) is { } byMac)
            {
                return byMac;
            }
        }
        return null;
    }

    private static async Task<string?> ReadStatusAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxStatusBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxStatusBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Printable(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, 120));
        foreach (var c in text.Length > 120 ? text[..120] : text)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }
        return sb.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(70, LogLevel.Information, "Profile request for {Name} from {Remote}: no such device")]
        public static partial void Unknown(ILogger logger, string name, string? remote);
    }
}

/// <summary>A rendered profile, or why there is none and the HTTP status that says so (404 unknown, 403 not yours).</summary>
internal sealed record ResolvedProfile(byte[]? Body, string? ContentType, string? Refusal, int Status = StatusCodes.Status404NotFound);
