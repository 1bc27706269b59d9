using Microsoft.Extensions.DependencyInjection;
using Quartz;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Campaigns.CampaignFlowTests;

namespace TR069Acs.Server.Tests.Campaigns;

/// <summary>A firmware campaign with Quartz's job store clustered on PostgreSQL (the tables of migration 006).</summary>
public sealed class PostgresCampaignFlowTests
{
    [PostgresFact]
    public async Task A_small_campaign_upgrades_every_phone_and_completes_on_postgres()
    {
        await using var acs = await TestAcs.StartOnPostgresAsync(o => o.Campaigns.TickMilliseconds = 200);
        await UpgradeTwoPhonesAsync(acs, "FCHPG", seconds: 90);

        // Clustered, Quartz's scheduler instance is this run of the node (node id/pid/random, the owner of its leases):
        // QRTZ_SCHEDULER_STATE and QRTZ_FIRED_TRIGGERS then say which node holds a campaign's tick, and a restart is a
        // new instance, so the firings of the run before it are recovered rather than taken for its own.
        var scheduler = await acs.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var node = acs.App.Services.GetRequiredService<AcsNode>();
        Assert.Equal(node.Instance, scheduler.SchedulerInstanceId);
        Assert.StartsWith(node.Id + "/", scheduler.SchedulerInstanceId, StringComparison.Ordinal);
    }
}
