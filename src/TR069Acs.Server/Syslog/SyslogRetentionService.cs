using System.Data.Common;
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
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await retention.PruneAsync(stoppingToken);
                if (deleted > 0)
                {
                    Log.Pruned(logger, deleted);
                }
            }
            catch (DbException e)
            {
                // A busy or failing database skips this run; the next one catches up.
                Log.PruneFailed(logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(211, LogLevel.Debug, "Syslog retention deleted {Count} message(s)")]
        public static partial void Pruned(ILogger logger, int count);

        [LoggerMessage(212, LogLevel.Warning, "Syslog retention run failed")]
        public static partial void PruneFailed(ILogger logger, Exception exception);
    }
}
