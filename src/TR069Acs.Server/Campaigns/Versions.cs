using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Server.Campaigns;

/// <summary>Firmware version comparisons as the phones make them (<see cref="FirmwareVersion"/>): <c>sip88xx.12-0-1</c>
/// and <c>12.0.1</c> are the same version.</summary>
internal static class Versions
{
    /// <summary>True when both name the same version (identical text, or equal as firmware versions).</summary>
    public static bool Same(string? a, string? b)
        => a is not null && b is not null
            && (string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal)
                || (FirmwareVersion.TryParse(a, out var x) && FirmwareVersion.TryParse(b, out var y) && x.Equals(y)));

    /// <summary>True when <paramref name="version"/> is a version below <paramref name="bound"/>; false when either is unreadable.</summary>
    public static bool Below(string? version, string bound)
        => FirmwareVersion.TryParse(version, out var v) && FirmwareVersion.TryParse(bound, out var b) && v < b;
}
