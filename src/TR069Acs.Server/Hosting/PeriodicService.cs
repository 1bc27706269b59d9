using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Hosting;

/// <summary>
/// A background service that runs one piece of upkeep on a fixed period of the injected clock. A failing run (a
/// database locked past its busy timeout, a full disk) never ends the service or the host: the first failure of a
/// burst is logged with its exception, the rest are counted, the recovery is logged with their number, and the work is
/// tried again on the next tick — or sooner, with backoff from <see cref="RetryDelay"/> doubling up to the period,
/// when the service sets one.
/// </summary>
internal abstract partial class PeriodicService(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The clock the period runs on.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>The derived service's logger.</summary>
    protected ILogger Logger { get; } = logger;

    /// <summary>Time between runs.</summary>
    protected abstract TimeSpan Period { get; }

    /// <summary>What the service does, as the subject of its log lines ("Task maintenance").</summary>
    protected abstract string Activity { get; }

    /// <summary>First delay before a failed run is tried again within its tick; null waits for the next tick.</summary>
    protected virtual TimeSpan? RetryDelay => null;

    /// <summary>One run; <paramref name="tick"/> counts the ticks from 1.</summary>
    protected abstract Task RunAsync(long tick, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = Period;
        var retry = RetryDelay;
        using var timer = new PeriodicTimer(period, Time);
        var failures = new FailureBurst(retry ?? period, period);
        for (long tick = 1; await timer.WaitForNextTickAsync(stoppingToken); tick++)
        {
            while (!await TryRunAsync(tick, failures, stoppingToken) && retry is not null)
            {
                await Task.Delay(failures.Backoff, Time, stoppingToken);
            }
        }
    }

    private async Task<bool> TryRunAsync(long tick, FailureBurst failures, CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(tick, stoppingToken);
            if (failures.Succeed() is > 0 and var count)
            {
                Log.Recovered(Logger, Activity, count);
            }
            return true;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (failures.Fail())
            {
                Log.Failed(Logger, Activity, e);
            }
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(221, LogLevel.Warning, "{Activity} failed; trying again (further failures are counted, not logged)")]
        public static partial void Failed(ILogger logger, string activity, Exception exception);

        [LoggerMessage(222, LogLevel.Information, "{Activity} works again after {Count} failed run(s)")]
        public static partial void Recovered(ILogger logger, string activity, int count);
    }
}
