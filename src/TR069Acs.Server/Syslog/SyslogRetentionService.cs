using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Syslog;

/// <summary>Runs <see cref="SyslogRetention"/> periodically.</summary>
internal sealed partial class SyslogRetentionService(SyslogRetention retention, TimeProvider time, ILogger<SyslogRetentionService> logger)
    : BackgroundService
{
    // Between runs a device may exceed its cap by what it sends in a minute; a flood of unattached messages by what
    // the receiver stores in a minute (it sheds the rest).
    private static readonly TimeSpan _interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, time);
        var failures = new Hosting.FailureBurst(_interval, _interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await retention.PruneAsync(stoppingToken);
                if (deleted > 0)
                {
                    Log.Pruned(logger, deleted);
                }
                if (failures.Succeed() is > 0 and var count)
                {
                    Log.Recovered(logger, count);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A busy or failing database skips this run; the next one catches up. Logged once per burst.
                if (failures.Fail())
                {
                    Log.PruneFailed(logger, e);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(211, LogLevel.Debug, "Syslog retention deleted {Count} message(s)")]
        public static partial void Pruned(ILogger logger, int count);

        [LoggerMessage(212, LogLevel.Warning, "Syslog retention run failed (further failures are counted, not logged)")]
        public static partial void PruneFailed(ILogger logger, Exception exception);

        [LoggerMessage(213, LogLevel.Information, "Syslog retention works again after {Count} failed run(s)")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
