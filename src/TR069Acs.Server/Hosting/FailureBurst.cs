namespace TR069Acs.Server.Hosting;

/// <summary>Consecutive failures of a repeating job (a burst): the first is logged, the rest only counted, and each
/// retry waits twice as long as the one before, up to a cap. A success ends the burst.</summary>
/// <remarks>A locked or failing database makes every retry fail the same way; logging each one would flood the log
/// while telling nothing new. The end of the burst is logged with its count instead.</remarks>
internal sealed class FailureBurst(TimeSpan firstDelay, TimeSpan maxDelay)
{
    /// <summary>Failures since the last success.</summary>
    public int Count { get; private set; }

    /// <summary>How long to wait before the next try.</summary>
    public TimeSpan Backoff
    {
        get
        {
            var factor = Math.Pow(2, Math.Min(Math.Max(0, Count - 1), 20));
            var delay = TimeSpan.FromTicks((long)Math.Min(firstDelay.Ticks * factor, maxDelay.Ticks));
            return delay < firstDelay ? firstDelay : delay;
        }
    }

    /// <summary>Records a failure; true when it opens a burst (the one to log).</summary>
    public bool Fail() => ++Count == 1;

    /// <summary>Records a success; returns how many failures the burst that it ends had (0 when there was none).</summary>
    public int Succeed()
    {
        var count = Count;
        Count = 0;
        return count;
    }
}
