namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>Devices finished per second over the last <see cref="Window"/>, and the time the rest will take at that
/// rate. A sliding window follows changes of pace (a paused campaign, a maintenance window closing) within half a
/// minute, which a rate since the start would hide.</summary>
internal sealed class ProgressRate
{
    /// <summary>30 s: several Inform/Download round trips, short enough to show a stall.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Queue<(DateTimeOffset At, long Done)> _samples = new();

    public void Add(DateTimeOffset at, long done)
    {
        _samples.Enqueue((at, done));
        // Keep one sample older than the window so the span covers it fully.
        while (_samples.Count > 2 && at - _samples.ElementAt(1).At >= Window)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>Devices per second, or null until the samples span at least a second.</summary>
    public double? PerSecond
    {
        get
        {
            if (_samples.Count < 2)
            {
                return null;
            }
            var (firstAt, firstDone) = _samples.Peek();
            var (lastAt, lastDone) = _samples.Last();
            var seconds = (lastAt - firstAt).TotalSeconds;
            return seconds >= 1 ? Math.Max(0, lastDone - firstDone) / seconds : null;
        }
    }

    /// <summary>Time left for <paramref name="remaining"/> devices at the current rate; null when it cannot be told.</summary>
    public TimeSpan? Eta(long remaining)
        => remaining == 0 ? TimeSpan.Zero
            : PerSecond is > 0 and var rate ? TimeSpan.FromSeconds(Math.Min(remaining / rate, TimeSpan.FromDays(99).TotalSeconds)) : null;
}
