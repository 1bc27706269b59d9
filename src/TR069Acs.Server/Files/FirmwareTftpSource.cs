using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Server.Files;

/// <summary>
/// Firmware over TFTP (issue 4 §6), as <c>/firmware/</c> serves it over HTTP: <c>firmware/{sha256}</c>,
/// <c>firmware/{file name}</c>, and a bare file name of a stored image (<c>sip88xx.12-0-1.loads</c>, as an
/// <c>Upgrade_Rule</c> of <c>tftp://server/sip88xx.12-0-1.loads</c> asks). The image is streamed from its file.
/// Bare names are only looked up when they fit a catalogue model's firmware file pattern or are a SHA-256, so profile
/// requests cost no firmware lookup. With <see cref="FirmwareAuthMode.PerDownload"/> images are refused: TFTP has
/// no way to present the per-download credentials.
/// </summary>
internal sealed class FirmwareTftpSource(FirmwareStore store, ParameterCatalogue catalogue, AcsOptions options)
{
    private const string Prefix = "firmware/";

    private readonly (string Prefix, string Suffix)[] _patterns = [.. catalogue.Models
        .Select(m => m.FirmwareFile.Split("{v}") is [var before, var after] ? (before, after) : (m.FirmwareFile, ""))
        .Distinct()];

    /// <summary>The image for <paramref name="fileName"/>, a refusal, or null when the name is not firmware's.</summary>
    public async ValueTask<TftpFileResult?> TryOpenAsync(string fileName, CancellationToken cancellationToken)
    {
        var prefixed = fileName.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
        var name = prefixed ? fileName[Prefix.Length..] : fileName;
        if (!prefixed && (name.Contains('/', StringComparison.Ordinal) || !(FirmwareStore.IsSha256(name) || FitsPattern(name))))
        {
            return null;
        }
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            return TftpFileResult.NotFound($"a firmware name is one file name after {Prefix}");
        }
        var image = FirmwareStore.IsSha256(name) ? await store.GetAsync(name, cancellationToken) : await store.FindByFileNameAsync(name, cancellationToken);
        if (image is null)
        {
            // A bare name that is no stored image may still be a profile.
            return prefixed ? TftpFileResult.NotFound($"no firmware image '{name}' is stored") : null;
        }
        if (options.FirmwareAuth == FirmwareAuthMode.PerDownload)
        {
            return TftpFileResult.AccessDenied("firmware needs per-download credentials (Acs:FirmwareAuth PerDownload); fetch it over HTTP");
        }
        if (await store.LocalCopyAsync(image.Id, cancellationToken) is null)
        {
            return TftpFileResult.NotFound($"firmware image '{name}' is recorded but its file is stored nowhere");
        }
        try
        {
            // One read per 32 blocks of the default 512 bytes; the buffer is the transfer's only per-file memory.
            var file = new FileStream(store.PathOf(image.Id), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 16 * 1024,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return TftpFileResult.FromStream(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return TftpFileResult.NotFound($"firmware image '{name}' is recorded but its file is missing");
        }
    }

    private bool FitsPattern(string name)
    {
        foreach (var (prefix, suffix) in _patterns)
        {
            if (name.Length > prefix.Length + suffix.Length && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
