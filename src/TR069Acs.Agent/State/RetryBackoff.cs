namespace TR069Acs.Agent.State;

/// <summary>The session retry wait of TR-069 3.2.1.1: after the n-th consecutive failure the CPE waits a uniformly
/// random time in [m·(k/1000)^(n-1), m·(k/1000)^n] seconds, m = CWMPRetryMinimumWaitInterval (default 5),
/// k = CWMPRetryIntervalMultiplier (default 2000), with n capped at 10 (5 120 s at most with the defaults).</summary>
internal static class RetryBackoff
{
    /// <summary>Retries beyond this count keep the last window (TR-069 Table 3, "10 and subsequent").</summary>
    public const int MaxExponent = 10;

    /// <summary>The wait window in seconds after <paramref name="failures"/> consecutive failures (at least 1).</summary>
    public static (double Min, double Max) Window(int failures, double minimumWaitSeconds, double multiplier)
    {
        var n = Math.Clamp(failures, 1, MaxExponent);
        var ratio = multiplier / 1000.0;
        return (minimumWaitSeconds * Math.Pow(ratio, n - 1), minimumWaitSeconds * Math.Pow(ratio, n));
    }

    /// <summary>A random wait drawn from <see cref="Window"/>.</summary>
    public static TimeSpan Delay(int failures, double minimumWaitSeconds, double multiplier, Random random)
    {
        var (min, max) = Window(failures, minimumWaitSeconds, multiplier);
        return TimeSpan.FromSeconds(min + (random.NextDouble() * (max - min)));
    }
}
