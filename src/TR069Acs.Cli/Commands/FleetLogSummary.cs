using Microsoft.Extensions.Logging;

namespace TR069Acs.Cli.Commands;

/// <summary>The logs of a phone fleet (<c>acs phone --count N</c>) without the same warning once per phone: a message that
/// differs from one already logged only by its device (and times) is counted instead, and the count is logged once per
/// <see cref="Window"/>: "… and 999 more phones: session failed: …" (issue 15 §5).</summary>
internal sealed class FleetLogSummary(ILoggerFactory inner, TimeProvider time) : ILoggerFactory
{
    /// <summary>How long one message stands for its repeats from other phones.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, Repeat> _repeats = [];
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Summarizing(this, inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>Logs the counts still held (at the end of the run).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var repeat in _repeats.Values)
            {
                repeat.Flush();
            }
            _repeats.Clear();
        }
    }

    // True when the message is a repeat to count rather than log.
    private bool Counted(ILogger logger, LogLevel level, EventId eventId, IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        if (level < LogLevel.Warning || !values.Any(v => v.Key == "DeviceId"))
        {
            return false;
        }
        var key = eventId.Id + "|" + string.Join("|", values
            .Where(v => v.Key != "DeviceId" && v.Value is not (DateTimeOffset or DateTime))
            .Select(v => v.Key + "=" + v.Value));
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_repeats.TryGetValue(key, out var repeat) && now - repeat.Since < Window)
            {
                repeat.Count++;
                return true;
            }
            repeat?.Flush();
            var format = values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value as string ?? "";
            _repeats[key] = new Repeat(logger, level, format.Replace("{DeviceId}: ", "", StringComparison.Ordinal), values, now);
            return false;
        }
    }

    private sealed class Repeat(ILogger logger, LogLevel level, string format, IReadOnlyList<KeyValuePair<string, object?>> values, DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;

        public int Count { get; set; }

        public void Flush()
        {
            if (Count == 0)
            {
                return;
            }
            var text = format;
            foreach (var (name, value) in values)
            {
                text = text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }
#pragma warning disable CA1848, CA2254 // a summary of messages whose templates vary; not a hot path
            logger.Log(level, "… and {Count} more phones: {Message}", Count, text);
#pragma warning restore CA1848, CA2254
            Count = 0;
        }
    }

    private sealed class Summarizing(FleetLogSummary owner, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values && owner.Counted(inner, logLevel, eventId, values))
            {
                return;
            }
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
