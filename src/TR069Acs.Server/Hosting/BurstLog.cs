namespace TR069Acs.Server.Hosting;

/// <summary>Lets one log line through per window and counts the rest, so a flood of the same problem costs one line a
/// window instead of filling the disk (a probe once wrote 143 MiB of log in 7 s).</summary>
internal sealed class BurstLog(TimeSpan window, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private long _next = long.MinValue;
    private long _suppressed;

    /// <summary>True when this occurrence is to be logged; <paramref name="suppressed"/> is how many were not since the last.</summary>
    public bool ShouldLog(out long suppressed)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (now >= _next)
            {
                _next = now + (long)(window.TotalSeconds * _time.TimestampFrequency);
                suppressed = _suppressed;
                _suppressed = 0;
                return true;
            }
            _suppressed++;
            suppressed = 0;
            return false;
        }
    }
}
