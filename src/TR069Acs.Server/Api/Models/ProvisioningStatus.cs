using TR069Acs.Server.Syslog;

namespace TR069Acs.Server.Api.Models;

/// <summary>A device's last resync and upgrade as its syslog messages reported them (the <c>Log_*_Msg</c> of the phone).</summary>
/// <param name="LastResyncAt">When the last resync message arrived.</param>
/// <param name="LastResyncResult"><c>requested</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="LastResyncUrl">The profile URL the phone named.</param>
/// <param name="LastResyncError">The reason of a failed resync (<c>$ERR</c>).</param>
/// <param name="LastUpgradeAt">When the last upgrade message arrived.</param>
/// <param name="LastUpgradeResult"><c>requested</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="LastUpgradeUrl">The firmware URL the phone named.</param>
/// <param name="LastUpgradeVersion">The version that URL installs (from the stored image, else the file name).</param>
/// <param name="LastUpgradeError">The reason of a failed upgrade.</param>
/// <param name="LastErrorAt">When the last failure of either kind arrived.</param>
/// <param name="LastError">Its reason.</param>
/// <param name="LastSyslogAt">When the device's last syslog message arrived.</param>
internal sealed record ProvisioningStatus(
    DateTimeOffset? LastResyncAt,
    string? LastResyncResult,
    string? LastResyncUrl,
    string? LastResyncError,
    DateTimeOffset? LastUpgradeAt,
    string? LastUpgradeResult,
    string? LastUpgradeUrl,
    string? LastUpgradeVersion,
    string? LastUpgradeError,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    DateTimeOffset LastSyslogAt)
{
    public static ProvisioningStatus? From(DeviceSyslogStatus? s) => s is null ? null : new(
        ApiTime.From(s.ResyncAt), s.ResyncResult, s.ResyncUrl, s.ResyncError,
        ApiTime.From(s.UpgradeAt), s.UpgradeResult, s.UpgradeUrl, s.UpgradeVersion, s.UpgradeError,
        ApiTime.From(s.ErrorAt), s.Error, ApiTime.From(s.LastMessageAt));
}
