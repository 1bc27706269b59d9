using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Campaigns.CampaignFlowTests;

namespace TR069Acs.Server.Tests.Campaigns;

/// <summary>A firmware campaign with Quartz's job store clustered on PostgreSQL (the tables of migration 006).</summary>
public sealed class PostgresCampaignFlowTests
{
    private const string Model = "CP-8841-3PCC";

    [PostgresFact]
    public async Task A_small_campaign_upgrades_every_phone_and_completes_on_postgres()
    {
        await using var acs = await TestAcs.StartOnPostgresAsync(o => o.Campaigns.TickMilliseconds = 200);
        using var a = new UpgradingPhone(acs, "FCHPG1", Model, "sip88xx.12-0-1");
        using var b = new UpgradingPhone(acs, "FCHPG2", Model, "sip88xx.12-0-1");
        await a.SessionAsync();
        await b.SessionAsync();
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");

        var campaign = await CreateAsync(acs, $$"""{"name":"pg","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}""");
        var id = (long)campaign["id"]!;
        await QueuedAsync(acs, a.DeviceId);
        await QueuedAsync(acs, b.DeviceId);

        await a.SessionAsync();   // receives the Download
        await b.SessionAsync();
        await a.SessionAsync();   // reboots into 12.0.2: Inform, TransferComplete
        await b.SessionAsync();

        var done = await WaitForAsync(acs, id, c => (string?)c["status"] == "completed", "completed", seconds: 90);
        Assert.Equal(2, (long)done["counts"]!["succeeded"]!);
        Assert.Single(a.Downloads);
        Assert.Single(b.Downloads);
        Assert.Equal($"campaign:{id}:1:1", a.Downloads[0].CommandKey);

        // Clustered, Quartz's scheduler instance is this run of the node (node id/pid/random, the owner of its leases):
        // QRTZ_SCHEDULER_STATE and QRTZ_FIRED_TRIGGERS then say which node holds a campaign's tick, and a restart is a
        // new instance, so the firings of the run before it are recovered rather than taken for its own.
        var scheduler = await acs.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var node = acs.App.Services.GetRequiredService<AcsNode>();
        Assert.Equal(node.Instance, scheduler.SchedulerInstanceId);
        Assert.StartsWith(node.Id + "/", scheduler.SchedulerInstanceId, StringComparison.Ordinal);
    }
}
