using Microsoft.Extensions.Hosting;

namespace TR069Acs.Server.Campaigns;

/// <summary>At start, after the migrations and the task queue's own recovery, before any CPE session: campaign
/// Downloads that recovery put back in the queue are held for their TransferComplete instead of being sent twice
/// (<see cref="CampaignStore.HoldResentDownloadsAsync"/>). Then the devices in flight are reloaded into memory, and every
/// unfinished campaign is given its tick job if it lacks one — a crash between storing a campaign and scheduling it
/// must not strand it.</summary>
internal sealed class CampaignRecovery(CampaignStore store, CampaignScheduler scheduler, InFlightDevices inFlight, TimeProvider time)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
        => await store.HoldResentDownloadsAsync(null, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
