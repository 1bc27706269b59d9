using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TR069Acs.Provisioning.Intervals;

/// <summary>
/// The <c>Resync_At__HHmm_</c> time of day: four digits from <c>0000</c> to <c>2400</c> (2400 is midnight).
/// When set, it replaces <c>Resync_Periodic</c>; <c>Resync_At_Random_Delay</c> spreads the phones after it.
/// </summary>
/// <param name="Hour">0–23 (2400 is stored as 0).</param>
/// <param name="Minute">0–59.</param>
public readonly record struct DailyResyncTime(int Hour, int Minute)
{
    /// <summary>The shortest spread the phone uses, whatever <c>Resync_At_Random_Delay</c> says (seconds).</summary>
    public const int MinimumRandomDelaySeconds = 600;

    /// <summary>The time of day.</summary>
    public TimeSpan TimeOfDay => new(Hour, Minute, 0);

    /// <summary>Parses exactly four digits HHmm in 0000–2400.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DailyResyncTime? time)
    {
        time = null;
        var span = (text ?? "").AsSpan().Trim();
        if (span.Length != 4 || !int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        int hour = value / 100, minute = value % 100;
        if (minute > 59 || hour > 24 || (hour == 24 && minute != 0))
        {
            return false;
        }

        time = new DailyResyncTime(hour % 24, minute);
        return true;
    }

    /// <summary>Parses or throws <see cref="IntervalFormatException"/>.</summary>
    public static DailyResyncTime Parse(string text) =>
        TryParse(text, out var time) ? time.Value : throw new IntervalFormatException($"'{text}' is not a time HHmm from 0000 to 2400");

    /// <summary>The next moment strictly after <paramref name="now"/> at this time of day (in now's offset).</summary>
    public DateTimeOffset NextAfter(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, Hour, Minute, 0, now.Offset);
        return today > now ? today : today.AddDays(1);
    }

    /// <summary>
    /// The window after the resync time in which a phone picks its moment: <c>Resync_At_Random_Delay</c> seconds,
    /// at least 600, rounded up to whole minutes.
    /// </summary>
    public static TimeSpan RandomWindow(int resyncAtRandomDelaySeconds)
    {
        var seconds = Math.Max(resyncAtRandomDelaySeconds, MinimumRandomDelaySeconds);
        return TimeSpan.FromMinutes(Math.Ceiling(seconds / 60.0));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Hour:00}{Minute:00}");
}
