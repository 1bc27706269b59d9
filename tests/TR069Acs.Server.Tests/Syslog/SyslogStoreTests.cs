using System.Net;
using TR069Acs.Provisioning.Syslog;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tests.Storage;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>The syslog store on SQLite.</summary>
public sealed class SqliteSyslogStoreTests : SyslogStoreTests<SqliteProvider>;

/// <summary>The syslog store on PostgreSQL.</summary>
public sealed class PostgresSyslogStoreTests : SyslogStoreTests<PostgresProvider>;

/// <summary>The store's merge of status changes across batches and its retention deletes, on every provider.</summary>
public abstract class SyslogStoreTests<TProvider> : StoreTests<TProvider> where TProvider : StoreProvider, new()
{
    private const string Device = "00562B-CP-8841-3PCC-FCH2216ABCD";

    private SyslogStore Store => new(Db.Database);

    [StoreFact]
    public async Task Status_groups_merge_across_batches_and_a_failure_keeps_the_url_and_version_of_its_request()
    {
        await WriteAsync(1000, new ProvisioningEvent(ProvisioningEventKind.UpgradeRequest, "http://acs/firmware/sip88xx.12-0-2.loads", null), "12.0.2");
        await WriteAsync(2000, new ProvisioningEvent(ProvisioningEventKind.UpgradeFailure, null, "wrong model"), null);
        await WriteAsync(3000, new ProvisioningEvent(ProvisioningEventKind.ResyncSuccess, "http://acs/cfg/x.xml", null), null);

        var status = (await Store.GetStatusAsync(Device, CancellationToken.None))!;
        Assert.Equal(("failed", 2000L, "http://acs/firmware/sip88xx.12-0-2.loads", "12.0.2", "wrong model"),
            (status.UpgradeResult, status.UpgradeAt!.Value, status.UpgradeUrl, status.UpgradeVersion, status.UpgradeError));
        Assert.Equal(("succeeded", 3000L, "http://acs/cfg/x.xml", (string?)null), (status.ResyncResult, status.ResyncAt!.Value, status.ResyncUrl, status.ResyncError));
        Assert.Equal(("wrong model", 2000L), (status.Error, status.ErrorAt!.Value));
        Assert.Equal(3000, status.LastMessageAt);
    }

    [StoreFact]
    public async Task Messages_older_than_the_cutoff_are_deleted_and_newer_ones_kept()
    {
        for (var t = 1; t <= 12; t++)
        {
            await WriteAsync(t * 1000, null, null);
        }

        var deleted = await Store.DeleteOlderThanAsync(8000, CancellationToken.None);

        Assert.Equal(7, deleted);
        var left = await Store.ListAsync(new SyslogQuery(Device, null, null, null, 100), CancellationToken.None);
        Assert.Equal(Enumerable.Range(8, 5).Reverse().Select(t => t * 1000L), left.Select(r => r.Received));
    }

    [StoreFact]
    public async Task Keeping_the_newest_of_the_unattached_leaves_the_devices_messages_alone()
    {
        for (var t = 1; t <= 4; t++)
        {
            await WriteAsync(t, null, null);
            await WriteAsync(t, null, null, deviceId: null);
        }

        Assert.Equal(2, await Store.KeepNewestAsync(null, 2, verified: null, CancellationToken.None));
        Assert.Equal(2, (await Store.ListAsync(new SyslogQuery(null, null, null, null, 100), CancellationToken.None)).Count);
        Assert.Equal(4, (await Store.ListAsync(new SyslogQuery(Device, null, null, null, 100), CancellationToken.None)).Count);
    }

    private async Task WriteAsync(long received, ProvisioningEvent? e, string? version, string? deviceId = Device)
    {
        var message = new ReceivedSyslogMessage(DateTimeOffset.FromUnixTimeMilliseconds(received), new IPEndPoint(IPAddress.Loopback, 5000), "raw",
            new SyslogMessage(SyslogFacility.Local0, SyslogSeverity.Informational, null, null, null, null, null, null, "text"), null, false);
        var match = deviceId is null ? DeviceMatch.None : new DeviceMatch(deviceId, "mac");
        List<DeviceStatusChange> changes = [];
        if (deviceId is not null)
        {
            var change = new DeviceStatusChange(deviceId);
            if (e is null)
            {
                change.Seen(received);
            }
            else
            {
                change.Apply(e, received, version);
            }
            changes.Add(change);
        }
        await Store.WriteAsync([SyslogRecord.From(message, match, e)], changes, CancellationToken.None);
    }
}
