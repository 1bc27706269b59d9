using TR069Acs.Server.Files;

namespace TR069Acs.Server.Syslog;

/// <summary>The firmware version an upgrade URL installs: the stored image it names (<c>/firmware/{sha256}</c> or
/// <c>/firmware/sip88xx.12-0-1.loads</c>, any host) gives its header's version; another file's name gives the phone's
/// reading of it (the name without its extension, <c>sip88xx.12-0-2</c>), when that looks like a version.</summary>
internal sealed class UpgradeVersions(FirmwareStore firmware)
{
    private const int MaxNameLength = 255;

    public async Task<string?> OfAsync(string url, CancellationToken cancellationToken)
    {
        var name = FileName(url);
        if (name is null)
        {
            return null;
        }
        var record = FirmwareStore.IsSha256(name)
            ? await firmware.GetAsync(name, cancellationToken)
            : await firmware.FindByFileNameAsync(name, cancellationToken);
        if (record is not null)
        {
            return record.Version;
        }
        var stem = Path.GetExtension(name) is { Length: > 1 } extension && extension[1..].All(char.IsAsciiLetter) ? name[..^extension.Length] : name;
        return stem.Any(char.IsAsciiDigit) ? stem : null;
    }

    private static string? FileName(string url)
    {
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url.Split('?', '#')[0];
        var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
        return name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl) ? name : null;
    }
}
