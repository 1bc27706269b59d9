using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>On a shared database: requests a node sent and never saw answered because it died (SIGKILL, power) go back
/// to the queue once the device's session lease has lapsed, checked every <see cref="Every"/>; on one node this happens
/// at its own restart (<see cref="TaskStore.RecoverInterruptedAsync"/>).</summary>
internal sealed partial class OrphanedTaskRecovery(AcsNode node, TaskStore tasks, AcsOptions options, TimeProvider time,
    ILogger<OrphanedTaskRecovery> logger) : PeriodicService(time, logger)
{
    /// <summary>How often lapsed sessions are looked for. With the lease (Acs:SessionTimeoutSeconds + 5 s), a dead
    /// node's requests are queued again within about a minute.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(20);

    protected override TimeSpan Period => Every;

    protected override string Activity => "Looking for requests left by a stopped ACS node";

    protected override async Task RunAsync(long tick, CancellationToken cancellationToken)
    {
        if (!node.Shared)
        {
            return;
        }
        var recovered = await tasks.RecoverInterruptedAsync(options.TaskMaxAttempts, Time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken,
            unleasedOnly: true);
        if (recovered > 0)
        {
            Log.Recovered(Logger, recovered);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Count} request(s) sent by an ACS node whose session lease lapsed (the node stopped or died) were put back in the queue")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
