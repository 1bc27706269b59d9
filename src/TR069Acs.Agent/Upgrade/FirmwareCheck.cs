using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Agent.Upgrade;

/// <summary>The checks a phone makes on a fetched firmware file (issue 3 §7, issue 15 §3), all before anything is
/// "flashed", the way a phone verifies a signed load: the file must be one of our images (<see cref="FirmwareImage"/>),
/// whole, match its SHA-256, list the phone's model, carry a signature one of the phone's trusted keys verifies (when
/// it has any), and be allowed by <c>Downgrade_Rev_Limit</c>. What the URL or the file name says plays no part: a file
/// that is not an image (random bytes named <c>sip88xx.12-0-1.loads</c>) is refused as corrupted.</summary>
internal static class FirmwareCheck
{
    /// <summary>Decides about <paramref name="file"/>.</summary>
    /// <param name="file">The fetched bytes.</param>
    /// <param name="model">The phone's model (the image must list it).</param>
    /// <param name="downgradeLimit"><c>Downgrade_Rev_Limit</c>: empty allows every version.</param>
    /// <param name="trust">The keys images must be signed with; null accepts unsigned images.</param>
    public static FirmwareVerdict Check(byte[] file, string model, string downgradeLimit, FirmwareTrust? trust)
    {
        string version;
        try
        {
            version = FirmwareImage.Read(file, new FirmwareReadOptions { Model = model, TrustedKeys = trust, RequireSignature = trust is not null }).Version;
        }
        catch (FirmwareImageException e) when (e.Kind == FirmwareErrorKind.WrongMagic)
        {
            // TR-069 A.3.2.8: a file the phone cannot recognise as a load is corrupted for it.
            return new FirmwareVerdict(null, FaultCodes.DownloadFailureFileCorrupted,
                $"image refused ({e.Kind}): not a firmware image for this phone, whatever its name", IsImage: false);
        }
        catch (FirmwareImageException e)
        {
            return new FirmwareVerdict(null, FaultFor(e.Kind), $"image refused ({e.Kind}): {e.Message}", IsImage: true);
        }
        if (!downgradeLimit.AsSpan().Trim().IsEmpty)
        {
            // Downgrade_Rev_Limit: the phone never installs a version below the limit. A version that cannot be
            // compared is refused too, since the phone cannot show it respects the limit.
            if (!FirmwareVersion.TryParse(version, out var candidate) || !FirmwareVersion.IsAllowedByDowngradeLimit(candidate, downgradeLimit))
            {
                return new FirmwareVerdict(null, FaultCodes.DownloadFailure,
                    $"version {version} is below Downgrade_Rev_Limit {downgradeLimit.Trim()}", IsImage: true);
            }
        }
        return new FirmwareVerdict(version, 0, null, IsImage: true);
    }

    /// <summary>TR-069 A.3.2.8 faults: a damaged, unsigned or wrongly signed file is 9018 (file corrupted); a whole file
    /// the phone will not run (another model, an unknown format version, too large) is 9010 (download failure).</summary>
    private static int FaultFor(FirmwareErrorKind kind) => kind switch
    {
        FirmwareErrorKind.Truncated or FirmwareErrorKind.Corrupt or FirmwareErrorKind.Malformed
            or FirmwareErrorKind.BadSignature or FirmwareErrorKind.Unsigned => FaultCodes.DownloadFailureFileCorrupted,
        _ => FaultCodes.DownloadFailure,
    };
}
