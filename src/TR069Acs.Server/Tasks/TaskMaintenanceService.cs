using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks;

/// <summary>Background upkeep of the task queue: expires tasks past their expiry (queued ones of devices that never
/// come back, transfers whose TransferComplete never came), and re-reads which devices have queued tasks so that
/// tasks written by another ACS node on the same database reach this node's index.</summary>
/// <remarks>A failing run (a database locked past its busy timeout, a full disk) is retried with backoff from 1 s.</remarks>
internal sealed class TaskMaintenanceService(
    TaskStore tasks, PendingTaskIndex pending, TaskCompletionNotifier notifier, TimeProvider time, ILogger<TaskMaintenanceService> logger)
    : PeriodicService(time, logger)
{
    // Sessions expire a device's overdue tasks themselves; the sweep only serves the API view.
    private const int ExpiryEveryTicks = 4;

    // A task queued on another node waits at most this long (plus the device's next Inform) to be noticed here.
    protected override TimeSpan Period => TimeSpan.FromSeconds(15);

    protected override TimeSpan? RetryDelay => TimeSpan.FromSeconds(1);

    protected override string Activity => "Task maintenance";

    protected override async Task RunAsync(long tick, CancellationToken cancellationToken)
    {
        foreach (var device in await tasks.DevicesWithQueuedTasksAsync(cancellationToken))
        {
            pending.Add(device);
        }
        if (tick % ExpiryEveryTicks == 0)
        {
            foreach (var id in await tasks.ExpireDueAsync(Time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
            {
                notifier.Notify(id);
            }
        }
    }
}
