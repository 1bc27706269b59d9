namespace TR069Acs.Agent.State;

/// <summary>When the next periodic Inform falls (TR-106 ManagementServer.PeriodicInformTime): without a reference time,
/// one interval after <c>from</c>; with one, on the reference plus or minus a whole number of intervals, the first
/// such instant after <c>from</c>. The reference may lie in the past or the future.</summary>
internal static class PeriodicSchedule
{
    public static DateTimeOffset Next(DateTimeOffset from, TimeSpan interval, DateTimeOffset? reference)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");
        }
        if (reference is not { } phase || phase == DateTimeOffset.MinValue)
        {
            return from + interval;
        }
        var periods = (long)Math.Floor((double)(from - phase).Ticks / interval.Ticks) + 1;
        return phase + TimeSpan.FromTicks(periods * interval.Ticks);
    }
}
