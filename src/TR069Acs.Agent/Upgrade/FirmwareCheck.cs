using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Agent.Upgrade;

/// <summary>The checks a phone makes on a fetched firmware file (issue 3 §7), all before anything is "flashed": a file
/// in our image format (<see cref="FirmwareImage"/>) must be whole, match its SHA-256 and list the phone's model; any
/// image must be allowed by <c>Downgrade_Rev_Limit</c>. A file not in our format is taken as the vendor's opaque
/// load, its version read from its name, as before the image format existed.</summary>
internal static class FirmwareCheck
{
    /// <summary>Decides about <paramref name="file"/>.</summary>
    /// <param name="file">The fetched bytes.</param>
    /// <param name="model">The phone's model (the image must list it).</param>
    /// <param name="downgradeLimit"><c>Downgrade_Rev_Limit</c>: empty allows every version.</param>
    /// <param name="nameVersion">The version the file's name gives, for files not in our format.</param>
    public static FirmwareVerdict Check(byte[] file, string model, string downgradeLimit, string? nameVersion)
    {
        string? version;
        var isImage = true;
        try
        {
            version = FirmwareImage.Read(file, new FirmwareReadOptions { Model = model }).Version;
        }
        catch (FirmwareImageException e) when (e.Kind == FirmwareErrorKind.WrongMagic)
        {
            version = nameVersion;
            isImage = false;
        }
        catch (FirmwareImageException e)
        {
            return new FirmwareVerdict(null, FaultFor(e.Kind), $"image refused ({e.Kind}): {e.Message}", IsImage: true);
        }
        if (version is not null && !downgradeLimit.AsSpan().Trim().IsEmpty)
        {
            // Downgrade_Rev_Limit: the phone never installs a version below the limit. A version that cannot be
            // compared is refused too, since the phone cannot show it respects the limit.
            if (!FirmwareVersion.TryParse(version, out var candidate) || !FirmwareVersion.IsAllowedByDowngradeLimit(candidate, downgradeLimit))
            {
                return new FirmwareVerdict(null, FaultCodes.DownloadFailure,
                    $"version {version} is below Downgrade_Rev_Limit {downgradeLimit.Trim()}", isImage);
            }
        }
        return new FirmwareVerdict(version, 0, null, isImage);
    }

    /// <summary>TR-069 A.3.2.8 faults: a damaged file is 9018 (file corrupted); a whole file the phone will not run
    /// (another model, an unknown format, too large) is 9010 (download failure).</summary>
    private static int FaultFor(FirmwareErrorKind kind) => kind switch
    {
        FirmwareErrorKind.Truncated or FirmwareErrorKind.Corrupt or FirmwareErrorKind.Malformed
            or FirmwareErrorKind.BadSignature or FirmwareErrorKind.Unsigned => FaultCodes.DownloadFailureFileCorrupted,
        _ => FaultCodes.DownloadFailure,
    };
}
