using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TR069Acs.Agent.ConnectionRequests;
using TR069Acs.Cwmp.Auth;
using TR069Acs.Provisioning.FlatProfiles;

namespace TR069Acs.Agent.Admin;

/// <summary>The phone's web commands (DESIGN §6, issue 3 §8): <c>/admin/resync[?URL]</c>, <c>/admin/upgrade[?URL]</c>,
/// <c>/admin/reboot</c>, <c>/admin/cfg.xml</c> and the <c>/admin/advanced</c> page. While <c>Admin_Passwd</c> is set,
/// every page requires HTTP digest as user <c>admin</c>; only then does the export show secrets.</summary>
internal sealed class AdminRequestHandler(DigestNonces nonces)
{
    /// <summary>The user name of the web admin.</summary>
    public const string User = "admin";

    /// <summary>The digest realm of the web admin.</summary>
    public const string Realm = "Cisco IP Phone Admin";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task HandleAsync(HttpContext context, Phone phone)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value ?? "";
        if (!path.StartsWith("/admin/", StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET";
            return;
        }
        var password = phone.AdminPassword;
        var authenticated = false;
        if (password.Length > 0)
        {
            var status = Authenticate(context, password);
            if (status != NonceStatus.Valid)
            {
                response.StatusCode = StatusCodes.Status401Unauthorized;
                response.Headers.WWWAuthenticate = DigestAuth.CreateChallenge(Realm, nonces.Issue(), stale: status == NonceStatus.Stale);
                return;
            }
            authenticated = true;
        }
        // The seeds' form: everything after '?' is the URL (/admin/resync?tftp://192.168.1.200/basic.txt).
        var argument = request.QueryString.HasValue ? Uri.UnescapeDataString(request.QueryString.Value![1..]) : null;
        if (argument?.Length == 0)
        {
            argument = null;
        }
        switch (path)
        {
            case "/admin/resync":
                var resync = await phone.ResyncAsync(argument).ConfigureAwait(false);
                await TextAsync(response, resync.Succeeded
                    ? $"Resync succeeded: {resync.Changed.Count} changed, {resync.Rejected.Count} skipped\n"
                    : $"Resync failed: {resync.Error}\n").ConfigureAwait(false);
                break;
            case "/admin/upgrade":
                var upgrade = await phone.UpgradeAsync(argument).ConfigureAwait(false);
                await TextAsync(response, upgrade switch
                {
                    { Succeeded: true } => $"Upgrade succeeded: {upgrade.Version}\n",
                    { Attempted: false } => $"No upgrade: {upgrade.Error}\n",
                    _ => $"Upgrade failed: {upgrade.Error}\n",
                }).ConfigureAwait(false);
                break;
            case "/admin/reboot":
                // Answer first, then go offline, as the phone's page does.
                response.OnCompleted(() =>
                {
                    phone.Reboot();
                    return Task.CompletedTask;
                });
                await TextAsync(response, "Rebooting\n").ConfigureAwait(false);
                break;
            case "/admin/cfg.xml":
                if (phone.FlatConfiguration() is not { } values)
                {
                    response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                var profile = FlatProfileWriter.ToBytes(values, new FlatProfileWriterOptions { DeviceWrapper = true, MaskSecrets = !authenticated });
                response.ContentType = "text/xml; charset=utf-8";
                await response.Body.WriteAsync(profile).ConfigureAwait(false);
                break;
            case "/admin/advanced" or "/admin/":
                response.ContentType = "text/html; charset=utf-8";
                await response.Body.WriteAsync(Utf8.GetBytes(AdvancedPage.Render(phone, phone.FlatConfiguration(), showSecrets: authenticated)))
                    .ConfigureAwait(false);
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private static Task TextAsync(HttpResponse response, string text)
    {
        response.ContentType = "text/plain; charset=utf-8";
        return response.Body.WriteAsync(Utf8.GetBytes(text)).AsTask();
    }

    /// <summary>Digest (RFC 7616, MD5/qop=auth as browsers send it) as <see cref="User"/> with <c>Admin_Passwd</c>, for
    /// the request target as sent, with a nonce issued here.</summary>
    private NonceStatus Authenticate(HttpContext context, string password)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0 || !DigestAuth.TryParseAuthorization(header, out var credentials))
        {
            return NonceStatus.Invalid;
        }
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value;
        if (credentials.Username != User || credentials.Realm != Realm || credentials.Uri != target)
        {
            return NonceStatus.Invalid;
        }
        var nonce = nonces.Check(credentials.Nonce);
        if (nonce == NonceStatus.Invalid || !DigestAuth.Verify(credentials, "GET", password))
        {
            return NonceStatus.Invalid;
        }
        return nonce;
    }
}
