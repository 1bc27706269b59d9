using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks;

/// <summary>Background upkeep of the task queue: expires tasks past their expiry (queued ones of devices that never
/// come back, transfers whose TransferComplete never came), and re-reads which devices have queued tasks so that
/// tasks written by another ACS node on the same database reach this node's index.</summary>
/// <remarks>A failing run (a database locked past its busy timeout, a full disk) is logged once per burst and retried
/// with backoff; it never ends the service or the host.</remarks>
internal sealed partial class TaskMaintenanceService(
    TaskStore tasks, PendingTaskIndex pending, TaskCompletionNotifier notifier, TimeProvider time, ILogger<TaskMaintenanceService> logger)
    : BackgroundService
{
    // Sessions expire a device's overdue tasks themselves; the sweep only serves the API view.
    private const int ExpiryEveryTicks = 4;

    // A task queued on another node waits at most this long (plus the device's next Inform) to be noticed here.
    private static readonly TimeSpan _tick = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_tick, time);
        var failures = new FailureBurst(TimeSpan.FromSeconds(1), _tick);
        for (var tick = 1; await timer.WaitForNextTickAsync(stoppingToken); tick++)
        {
            while (!await TryRunAsync(tick, failures, stoppingToken))
            {
                await Task.Delay(failures.Backoff, time, stoppingToken);
            }
        }
    }

    private async Task<bool> TryRunAsync(int tick, FailureBurst failures, CancellationToken stoppingToken)
    {
        try
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
            if (failures.Succeed() is > 0 and var count)
            {
                Log.Recovered(logger, count);
            }
            return true;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (failures.Fail())
            {
                Log.Failed(logger, e);
            }
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(221, LogLevel.Warning, "Task maintenance failed; retrying with backoff (further failures are counted, not logged)")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(222, LogLevel.Information, "Task maintenance works again after {Count} failed run(s)")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
