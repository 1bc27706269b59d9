using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TR069Acs.Cli.Commands;

namespace TR069Acs.EndToEnd.Tests.Service;

/// <summary>Issue 15 §5: a fleet's phones failing alike log one warning with a count, not one per phone.</summary>
public sealed class FleetLogSummaryTests
{
    private sealed class Capture : ILoggerProvider, ILogger
    {
        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }

#pragma warning disable CA1848, CA2254
    [Fact]
    public void The_same_warning_from_a_thousand_phones_is_one_line_and_a_count()
    {
        var capture = new Capture();
        using var inner = LoggerFactory.Create(b => b.AddProvider(capture));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var fleet = new FleetLogSummary(inner, time);
        var logger = fleet.CreateLogger("TR069Acs.Agent.Phone");

        for (var i = 0; i < 1000; i++)
        {
            logger.LogWarning("{DeviceId}: session failed: {Reason}; retry at {RetryAt:O}", $"0023EB-CP-8841-3PCC-FCH{i:D6}", "connection refused", time.GetUtcNow().AddSeconds(i));
        }
        logger.LogWarning("{DeviceId}: session failed: {Reason}; retry at {RetryAt:O}", "0023EB-CP-8841-3PCC-FCH999999", "HTTP 401", time.GetUtcNow());
        logger.LogInformation("{DeviceId}: informed", "0023EB-CP-8841-3PCC-FCH000001");
        logger.LogInformation("{DeviceId}: informed", "0023EB-CP-8841-3PCC-FCH000002");

        Assert.Equal(4, capture.Lines.Count); // one refused, one 401, and every information line
        Assert.Contains("FCH000000: session failed: connection refused", capture.Lines[0], StringComparison.Ordinal);
        Assert.Contains("HTTP 401", capture.Lines[1], StringComparison.Ordinal);

        // After the window the count is logged with the next repeat.
        time.Advance(FleetLogSummary.Window);
        logger.LogWarning("{DeviceId}: session failed: {Reason}; retry at {RetryAt:O}", "0023EB-CP-8841-3PCC-FCH000000", "connection refused", time.GetUtcNow());
        Assert.Contains(capture.Lines, l => l.StartsWith("… and 999 more phones: session failed: connection refused", StringComparison.Ordinal));
        Assert.Equal(6, capture.Lines.Count);
    }
#pragma warning restore CA1848, CA2254
}
