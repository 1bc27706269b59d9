using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.Sessions;

/// <summary>Ends sessions that have been silent for the session timeout; their outstanding tasks go back to the queue.</summary>
/// <remarks>A failing sweep (the database locked while a task is put back) is logged once per burst and retried on the
/// next tick; it never ends the service or the host.</remarks>
internal sealed partial class SessionReaper(SessionRegistry registry, SessionEngine engine, AcsOptions options, TimeProvider time,
    ILogger<SessionReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A quarter of the timeout (at least 1 s): a dead session is noticed within 125% of the timeout.
        var interval = TimeSpan.FromMilliseconds(Math.Max(1000, options.SessionTimeoutSeconds * 250));
        using var timer = new PeriodicTimer(interval, time);
        var failures = new FailureBurst(interval, interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var session in registry.All)
                {
                    if (engine.Expired(session))
                    {
                        await engine.ExpireAsync(session);
                    }
                }
                if (failures.Succeed() is > 0 and var count)
                {
                    Log.Recovered(logger, count);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (failures.Fail())
                {
                    Log.Failed(logger, e);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(223, LogLevel.Warning, "Ending expired sessions failed; retrying on the next sweep (further failures are counted, not logged)")]
        public static partial void Failed(ILogger logger, Exception exception);

        [LoggerMessage(224, LogLevel.Information, "Ending expired sessions works again after {Count} failed sweep(s)")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
