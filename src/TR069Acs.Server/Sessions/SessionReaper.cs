using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.Sessions;

/// <summary>Ends sessions that have been silent for the session timeout; their outstanding tasks go back to the queue.</summary>
/// <remarks>A failing sweep (the database locked while a task is put back) is retried on the next tick.</remarks>
internal sealed class SessionReaper(SessionRegistry registry, SessionEngine engine, AcsOptions options, TimeProvider time,
    ILogger<SessionReaper> logger) : PeriodicService(time, logger)
{
    // A quarter of the timeout (at least 1 s): a dead session is noticed within 125% of the timeout.
    protected override TimeSpan Period => TimeSpan.FromMilliseconds(Math.Max(1000, options.SessionTimeoutSeconds * 250));

    protected override string Activity => "Ending expired sessions";

    protected override async Task RunAsync(long tick, CancellationToken cancellationToken)
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
