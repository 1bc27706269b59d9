namespace TR069Acs.Server.Syslog;

/// <summary>
/// The ACS's <see cref="ISyslogSink"/>: attaches each batch to devices (<see cref="SyslogDeviceMatcher"/>), reads
/// the resync/upgrade events (<see cref="ProvisioningEventParser"/>) into the devices' status, and stores messages
/// and status in one transaction per batch. Only a message from the device's last known address changes its status
/// (<see cref="DeviceMatch.Verified"/>); one from elsewhere is stored marked unverified. Messages that name no device and malformed datagrams are stored too.
/// </summary>
internal sealed class SyslogSink(SyslogDeviceMatcher matcher, SyslogStore store, UpgradeVersions versions, SyslogRetention retention) : ISyslogSink
{
    public SyslogSinkStatistics Statistics { get; } = new();

    public async ValueTask WriteAsync(IReadOnlyList<ReceivedSyslogMessage> batch, CancellationToken cancellationToken)
    {
        var matches = await matcher.MatchAsync(batch, cancellationToken);
        var rows = new List<SyslogRecord>(batch.Count);
        var changes = new Dictionary<string, DeviceStatusChange>(StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        int attached = 0, events = 0, unverified = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var received = batch[i];
            var match = matches[i];
            var provisioning = received.Message is { } message ? ProvisioningEventParser.Parse(message.Message) : null;
            var record = SyslogRecord.From(received, match, provisioning);
            rows.Add(record);
            if (match.DeviceId is not { } deviceId)
            {
                continue;
            }
            attached++;
            if (!match.Verified)
            {
                // Issue 16 §6: from another address than the device's last known one: stored and shown, no status change.
                unverified++;
                written.Add(deviceId);
                continue;
            }
            if (!changes.TryGetValue(deviceId, out var change))
            {
                changes[deviceId] = change = new DeviceStatusChange(deviceId);
            }
            if (provisioning is null)
            {
                change.Seen(record.Received);
                continue;
            }
            var version = provisioning.IsUpgrade && provisioning.Url is { } url ? await versions.OfAsync(url, cancellationToken) : null;
            change.Apply(provisioning, record.Received, version);
            events++;
        }
        await store.WriteAsync(rows, changes.Values, cancellationToken);
        Statistics.OnStored(attached, rows.Count - attached, events, unverified);
        written.UnionWith(changes.Keys);
        retention.Written(written, unattached: rows.Count > attached);
    }
}
