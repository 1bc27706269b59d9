namespace TR069Acs.Provisioning.Intervals;

/// <summary>One step of a <see cref="ResyncInterval"/>: <c>2400+30</c> waits 2400 s plus 0–30 s at random.</summary>
/// <param name="Seconds">The fixed part, at least 1.</param>
/// <param name="RandomSeconds">The upper bound of the random addition (0 for none).</param>
public readonly record struct IntervalStep(int Seconds, int RandomSeconds)
{
    /// <summary>The shortest wait of this step.</summary>
    public TimeSpan Minimum => TimeSpan.FromSeconds(Seconds);

    /// <summary>The longest wait of this step.</summary>
    public TimeSpan Maximum => TimeSpan.FromSeconds((long)Seconds + RandomSeconds);

    /// <summary>A wait drawn uniformly from [<see cref="Minimum"/>, <see cref="Maximum"/>] in whole seconds.</summary>
    public TimeSpan Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return TimeSpan.FromSeconds(Seconds + (RandomSeconds == 0 ? 0L : random.NextInt64(0, (long)RandomSeconds + 1)));
    }

    /// <inheritdoc />
    public override string ToString() => RandomSeconds == 0
        ? Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Seconds}+{RandomSeconds}");
}
