using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Resilience;

/// <summary>Issue 16 §2: a background service survives database errors and resumes its work once they end.</summary>
public sealed class BackgroundServiceResilienceTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Task_maintenance_survives_a_failing_database_and_resumes_when_it_works_again()
    {
        // The database is not migrated yet: every run fails with "no such table".
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pending = new PendingTaskIndex();
        var log = new CountingLogger<TaskMaintenanceService>();
        using var service = new TaskMaintenanceService(_db.Tasks, pending, new TaskCompletionNotifier(), time, log);
        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(15));
            return log.Warnings >= 1;
        }, "a failed run to be logged");
        // Many more failing runs (each retry backs off up to the 15 s tick): still one warning, still running.
        var attempts = 0;
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(15));
            return ++attempts >= 20;
        }, "twenty more ticks");
        Assert.False(service.ExecuteTask!.IsCompleted, $"the service ended: {service.ExecuteTask.Exception?.GetBaseException().Message}");
        Assert.Equal(1, log.Warnings);

        await _db.Migrations.ApplyAsync();
        await _db.Tasks.InsertAsync(new TaskStore.NewTask("DEV-1", "reboot", "{}", 0, long.MaxValue / 2, null));
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(15));
            return pending.TryGet("DEV-1", out _);
        }, "the maintenance to pick up the queued task once the database works");
        Assert.False(service.ExecuteTask.IsCompleted);
        Assert.Equal(1, log.Recoveries);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_upkeep_keeps_its_period_logs_one_warning_for_the_burst_and_reports_the_recovery()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new CountingLogger<FlakyUpkeep>();
        using var service = new FlakyUpkeep(failures: 3, time, log);
        await service.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            return service.Successes >= 2;
        }, "two successful runs after three failing ones");
        Assert.False(service.ExecuteTask!.IsCompleted, $"the service ended: {service.ExecuteTask.Exception?.GetBaseException().Message}");
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(1, log.Warnings);
        Assert.Equal(1, log.Recoveries);
    }
}

/// <summary>An upkeep that fails its first runs.</summary>
internal sealed class FlakyUpkeep(int failures, TimeProvider time, ILogger<FlakyUpkeep> logger) : TR069Acs.Server.Hosting.PeriodicService(time, logger)
{
    private int _runs;
    private int _successes;

    public int Successes => Volatile.Read(ref _successes);

    protected override TimeSpan Period => TimeSpan.FromMinutes(1);

    protected override string Activity => "Flaky upkeep";

    protected override Task RunAsync(long tick, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _runs) <= failures)
        {
            throw new IOException("disk full");
        }
        Interlocked.Increment(ref _successes);
        return Task.CompletedTask;
    }
}

/// <summary>Counts warnings and "works again" lines.</summary>
internal sealed class CountingLogger<T> : ILogger<T>
{
    private int _warnings;
    private int _recoveries;

    public int Warnings => Volatile.Read(ref _warnings);

    public int Recoveries => Volatile.Read(ref _recoveries);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Warning)
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (formatter(state, exception).Contains("works again", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _recoveries);
        }
    }
}
