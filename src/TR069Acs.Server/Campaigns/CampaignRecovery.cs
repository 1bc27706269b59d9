using Microsoft.Extensions.Hosting;

namespace TR069Acs.Server.Campaigns;

/// <summary>At start (after the migrations, before the first tick): reloads the devices in flight into memory, and
/// makes sure every unfinished campaign has its tick job — a crash between storing a campaign and scheduling it, or a
/// job removed by hand, must not strand a campaign.</summary>
internal sealed class CampaignRecovery(CampaignStore store, CampaignScheduler scheduler, InFlightDevices inFlight) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var deviceId in await store.InProgressDeviceIdsAsync(cancellationToken))
        {
            inFlight.Add(deviceId);
        }
        foreach (var campaign in await store.ListActiveAsync(cancellationToken))
        {
            if (!await scheduler.IsScheduledAsync(campaign.Id, cancellationToken))
            {
                await scheduler.ScheduleAsync(campaign.Id, CampaignStore.DefinitionOf(campaign).Schedule.Start, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
