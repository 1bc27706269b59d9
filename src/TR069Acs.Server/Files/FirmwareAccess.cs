using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TR069Acs.Server.Files;

/// <summary>
/// The file server's check of a firmware request under <see cref="FirmwareAuthMode.PerDownload"/>: HTTP Basic
/// (RFC 7617) with a per-download credential of this image (<see cref="FirmwareDownloadCredentials"/>). No or a wrong
/// credential is 401 with a Basic challenge (the phone answers it with the Download's Username/Password); a valid
/// credential of another image is 403: asking again would not help.
/// </summary>
internal sealed class FirmwareAccess(AcsOptions options, FirmwareCredentialStore credentials)
{
    private const string Challenge = "Basic realm=\"firmware\", charset=\"UTF-8\"";

    /// <summary>True when the request may have <paramref name="image"/>; otherwise the refusal has been written.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext http, FirmwareRecord image)
    {
        if (options.FirmwareAuth != FirmwareAuthMode.PerDownload)
        {
            return true;
        }
        if (!TryReadBasic(http.Request.Headers.Authorization.ToString(), out var username, out var password))
        {
            return await RefuseAsync(http, "This firmware image needs the Username/Password of its Download (HTTP Basic).");
        }
        switch (await credentials.CheckAsync(username, password, image.Id, http.RequestAborted))
        {
            case FirmwareCredentialCheck.Accepted:
                return true;
            case FirmwareCredentialCheck.OtherImage:
                await FileResponses.TextAsync(http, StatusCodes.Status403Forbidden,
                    $"The credentials of user '{username}' belong to the download of another firmware image, not {image.FileName ?? image.Id}.");
                return false;
            default:
                return await RefuseAsync(http, $"The credentials of user '{username}' are unknown, wrong or expired for this firmware image.");
        }
    }

    private static async Task<bool> RefuseAsync(HttpContext http, string message)
    {
        http.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge;
        await FileResponses.TextAsync(http, StatusCodes.Status401Unauthorized, message);
        return false;
    }

    private static bool TryReadBasic(string header, out string username, out string password)
    {
        username = password = "";
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var encoded = header.AsSpan(6).Trim();
        var bytes = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var written))
        {
            return false;
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        username = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }
}
