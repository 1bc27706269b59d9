using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>On a shared database: requests a node sent and never saw answered because it died (SIGKILL, power) go back
/// to the queue once the device's session lease has lapsed, checked every <see cref="Every"/>; on one node this happens
/// at its own restart (<see cref="TaskStore.RecoverInterruptedAsync"/>).</summary>
internal sealed partial class OrphanedTaskRecovery(AcsNode node, TaskStore tasks, AcsOptions options, TimeProvider time,
    ILogger<OrphanedTaskRecovery> logger) : BackgroundService
{
    /// <summary>How often lapsed sessions are looked for. With the lease (Acs:SessionTimeoutSeconds + 5 s), a dead
    /// node's requests are queued again within about a minute.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Shared)
        {
            return;
        }
        using var timer = new PeriodicTimer(Every, time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var recovered = await tasks.RecoverInterruptedAsync(options.TaskMaxAttempts, time.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken,
                        unleasedOnly: true);
                    if (recovered > 0)
                    {
                        Log.Recovered(logger, recovered);
                    }
                    failing = false;
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    if (!failing)
                    {
                        failing = true;
                        Log.Failed(logger, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Count} request(s) sent by an ACS node whose session lease lapsed (the node stopped or died) were put back in the queue")]
        public static partial void Recovered(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not look for requests left by a stopped ACS node; retrying")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
