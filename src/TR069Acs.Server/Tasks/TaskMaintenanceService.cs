using Microsoft.Extensions.Hosting;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks;

/// <summary>Marks queued tasks past their expiry as expired, also for devices that never come back.</summary>
internal sealed class TaskExpiryService(TaskStore tasks, TaskCompletionNotifier notifier, TimeProvider time) : BackgroundService
{
    // Sessions expire a device's overdue tasks themselves; this sweep only serves the API view, so once a
    // minute is enough.
    private static readonly TimeSpan _interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var id in await tasks.ExpireDueAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken))
            {
                notifier.Notify(id);
            }
        }
    }
}
