using Microsoft.Extensions.Hosting;

namespace TR069Acs.Server.Sessions;

/// <summary>Ends sessions that have been silent for the session timeout; their outstanding tasks go back to the queue.</summary>
internal sealed class SessionReaper(SessionRegistry registry, SessionEngine engine, AcsOptions options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A quarter of the timeout (at least 1 s): a dead session is noticed within 125% of the timeout.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(1000, options.SessionTimeoutSeconds * 250)), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var session in registry.All)
            {
                if (engine.Expired(session))
                {
                    await engine.ExpireAsync(session);
                }
            }
        }
    }
}
