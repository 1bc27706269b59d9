using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.Syslog;

/// <summary>Runs <see cref="SyslogRetention"/> every minute.</summary>
internal sealed partial class SyslogRetentionService(SyslogRetention retention, TimeProvider time, ILogger<SyslogRetentionService> logger)
    : PeriodicService(time, logger)
{
    // Between runs a device may exceed its cap by what it sends in a minute; a flood of unattached messages by what
    // the receiver stores in a minute (it sheds the rest). A failed run waits for the next one, which catches up.
    protected override TimeSpan Period => TimeSpan.FromMinutes(1);

    protected override string Activity => "Syslog retention";

    protected override async Task RunAsync(long tick, CancellationToken cancellationToken)
    {
        var deleted = await retention.PruneAsync(cancellationToken);
        if (deleted > 0)
        {
            Log.Pruned(Logger, deleted);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(211, LogLevel.Debug, "Syslog retention deleted {Count} message(s)")]
        public static partial void Pruned(ILogger logger, int count);
    }
}
