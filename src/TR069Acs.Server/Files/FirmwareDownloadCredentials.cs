using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Files;

/// <summary>
/// With <c>Acs:FirmwareAuth</c> = <see cref="FirmwareAuthMode.PerDownload"/>, gives each Download task of a stored
/// image (URL path <c>…/firmware/{sha256 or file name}</c>, any host, as the ACS may be reached by a public name) its
/// own credentials: the Username/Password of the task when it names both, else generated ones. They go to the phone
/// in the Download RPC (TR-069 A.3.2.8) and open that image, and no other, on the file server until the task's
/// expiry plus its DelaySeconds plus <see cref="TransferGrace"/>. Other tasks and URLs pass unchanged.
/// </summary>
internal sealed class FirmwareDownloadCredentials(AcsOptions options, FirmwareStore firmware, FirmwareCredentialStore credentials)
{
    /// <summary>A task sent just before its expiry still has this long to finish its transfer.</summary>
    public static readonly TimeSpan TransferGrace = TimeSpan.FromHours(1);

    /// <summary>Adds or registers the credentials of a download task's payload (before the task is stored).</summary>
    /// <exception cref="TaskValidationException">Only one of username/password is given, or a TFTP URL names a stored image.</exception>
    public async Task PrepareAsync(string deviceId, string taskType, JsonObject payload, long expires, CancellationToken cancellationToken)
    {
        if (options.FirmwareAuth != FirmwareAuthMode.PerDownload || taskType != "download"
            || !Uri.TryCreate((string?)payload["url"], UriKind.Absolute, out var url) || ImageName(url) is not { } name)
        {
            return;
        }
        var image = FirmwareStore.IsSha256(name) ? await firmware.GetAsync(name, cancellationToken) : await firmware.FindByFileNameAsync(name, cancellationToken);
        if (image is null)
        {
            return;
        }
        if (url.Scheme is not ("http" or "https"))
        {
            throw new TaskValidationException("url",
                $"Acs:FirmwareAuth is PerDownload: stored images are served over HTTP(S) only, with per-download credentials; '{url.Scheme}' cannot carry them. Use http://…/firmware/{name}.");
        }
        var username = (string?)payload["username"] ?? "";
        var password = (string?)payload["password"] ?? "";
        if (username.Length == 0 && password.Length == 0)
        {
            username = "fw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        }
        else if (username.Length == 0 || password.Length == 0)
        {
            var missing = username.Length == 0 ? "username" : "password";
            throw new TaskValidationException(missing,
                $"Acs:FirmwareAuth is PerDownload: give both 'username' and 'password' for this image, or neither and the ACS generates them ('{missing}' is empty).");
        }
        else if (username.Contains(':', StringComparison.Ordinal))
        {
            throw new TaskValidationException("username", "'username' must not contain ':' (HTTP Basic, RFC 7617 2).");
        }
        var delay = (long?)payload["delaySeconds"] ?? 0;
        var validUntil = expires + (delay * 1000) + (long)TransferGrace.TotalMilliseconds;
        await credentials.AddAsync(username, password, image.Id, deviceId, (string?)payload["commandKey"], validUntil, cancellationToken);
        payload["username"] = username;
        payload["password"] = password;
    }

    /// <summary>The image name of a URL whose path ends in <c>/firmware/{name}</c>, else null.</summary>
    private static string? ImageName(Uri url)
    {
        var segments = url.AbsolutePath.Split('/');
        return segments.Length >= 3 && segments[^2].Equals("firmware", StringComparison.Ordinal) && segments[^1].Length > 0
            ? Uri.UnescapeDataString(segments[^1])
            : null;
    }
}
