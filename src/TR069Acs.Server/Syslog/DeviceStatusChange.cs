namespace TR069Acs.Server.Syslog;

/// <summary>
/// What one batch of messages changes in a device's <c>device_status</c> row, accumulated oldest first. The upsert in
/// <see cref="SyslogStore"/> merges it with the stored row by the same rules, so batches compose: a group
/// (resync, upgrade, error) is replaced only when the batch has an event for it, and a failure without a URL keeps
/// the URL (and firmware version) of the request before it.
/// </summary>
internal sealed class DeviceStatusChange(string deviceId)
{
    public string DeviceId { get; } = deviceId;
    public long LastMessageAt { get; private set; }
    public long? ResyncAt { get; private set; }
    public string? ResyncResult { get; private set; }
    public string? ResyncUrl { get; private set; }
    public string? ResyncError { get; private set; }
    public long? UpgradeAt { get; private set; }
    public string? UpgradeResult { get; private set; }
    public string? UpgradeUrl { get; private set; }
    public string? UpgradeVersion { get; private set; }
    public string? UpgradeError { get; private set; }
    public long? ErrorAt { get; private set; }
    public string? Error { get; private set; }

    public void Seen(long at) => LastMessageAt = Math.Max(LastMessageAt, at);

    /// <param name="e">The event.</param>
    /// <param name="at">When it was received (Unix ms).</param>
    /// <param name="version">For an upgrade event with a URL: the firmware version that URL serves, if known.</param>
    public void Apply(ProvisioningEvent e, long at, string? version)
    {
        Seen(at);
        var failed = e.Kind is ProvisioningEventKind.ResyncFailure or ProvisioningEventKind.UpgradeFailure;
        var error = failed ? e.Error ?? $"{(e.IsUpgrade ? "upgrade" : "resync")} failed (the message gave no reason)" : null;
        if (e.IsUpgrade)
        {
            UpgradeAt = at;
            UpgradeResult = e.Result;
            UpgradeError = error;
            if (e.Url is not null)
            {
                UpgradeUrl = e.Url;
                UpgradeVersion = version;
            }
        }
        else
        {
            ResyncAt = at;
            ResyncResult = e.Result;
            ResyncError = error;
            ResyncUrl = e.Url ?? ResyncUrl;
        }
        if (error is not null)
        {
            ErrorAt = at;
            Error = error;
        }
    }
}
