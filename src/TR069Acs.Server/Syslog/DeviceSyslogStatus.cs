namespace TR069Acs.Server.Syslog;

/// <summary>A row of <c>device_status</c>: the device's last resync and upgrade as its syslog messages reported them.</summary>
internal sealed class DeviceSyslogStatus
{
    public string DeviceId { get; init; } = "";
    public long? ResyncAt { get; init; }
    public string? ResyncResult { get; init; }
    public string? ResyncUrl { get; init; }
    public string? ResyncError { get; init; }
    public long? UpgradeAt { get; init; }
    public string? UpgradeResult { get; init; }
    public string? UpgradeUrl { get; init; }
    public string? UpgradeVersion { get; init; }
    public string? UpgradeError { get; init; }
    public long? ErrorAt { get; init; }
    public string? Error { get; init; }
    public long LastMessageAt { get; init; }
}
