using Microsoft.Extensions.Hosting;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks;

/// <summary>Background upkeep of the task queue: expires tasks past their expiry (queued ones of devices that never
/// come back, transfers whose TransferComplete never came), and re-reads which devices have queued tasks so that
/// tasks written by another ACS node on the same database reach this node's index.</summary>
internal sealed class TaskMaintenanceService(TaskStore tasks, PendingTaskIndex pending, TaskCompletionNotifier notifier, TimeProvider time)
    : BackgroundService
{
    // Sessions expire a device's overdue tasks themselves; the sweep only serves the API view.
    private const int ExpiryEveryTicks = 4;

    // A task queued on another node waits at most this long (plus the device's next Inform) to be noticed here.
    private static readonly TimeSpan _tick = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_tick, time);
        for (var tick = 1; await timer.WaitForNextTickAsync(stoppingToken); tick++)
        {
            foreach (var device in await tasks.DevicesWithQueuedTasksAsync(stoppingToken))
            {
                pending.Add(device);
            }
            if (tick % ExpiryEveryTicks == 0)
            {
                foreach (var id in await tasks.ExpireDueAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken))
                {
                    notifier.Notify(id);
                }
            }
        }
    }
}
