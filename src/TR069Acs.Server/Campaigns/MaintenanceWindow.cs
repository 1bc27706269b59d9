using System.Globalization;

namespace TR069Acs.Server.Campaigns;

/// <summary>
/// A daily maintenance window in a time zone's wall-clock time. An instant is inside when its local time of day is in
/// [from, to) — or, for a window across midnight (from &gt; to), in [from, 24:00) or [00:00, to). Wall-clock meaning makes
/// daylight saving time behave as an operator expects: on the spring-forward night a window inside the skipped hour
/// does not open at all, and on the fall-back night the repeated hour is inside the window twice.
/// </summary>
internal sealed class MaintenanceWindow
{
    // Zone offsets today are whole minutes, so local minutes begin on UTC minute boundaries: scanning those finds
    // every opening and closing exactly, across DST changes, without modelling the zone's adjustment rules.
    private const int MaxScanMinutes = 8 * 24 * 60;

    private MaintenanceWindow(TimeOnly from, TimeOnly to, TimeZoneInfo zone)
    {
        From = from;
        To = to;
        Zone = zone;
    }

    public TimeOnly From { get; }

    public TimeOnly To { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Validates a window definition.</summary>
    /// <exception cref="CampaignValidationException">A time is not HH:mm, the times are equal, or the zone is unknown.</exception>
    public static MaintenanceWindow Create(WindowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var from = ParseTime(definition.From, "schedule.window.from");
        var to = ParseTime(definition.To, "schedule.window.to");
        if (from == to)
        {
            throw new CampaignValidationException("schedule.window.to",
                $"'schedule.window' from {definition.From} to {definition.To} is empty; leave the window out to allow every hour.");
        }
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new CampaignValidationException("schedule.window.timeZone",
                $"'schedule.window.timeZone' '{definition.TimeZone}' is not a known IANA time zone such as Europe/Berlin, America/New_York or UTC.");
        }
        return new MaintenanceWindow(from, to, zone);
    }

    /// <summary>True when <paramref name="instant"/> falls inside the window.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(instant, Zone).TimeOfDay);
        return From < To ? local >= From && local < To : local >= From || local < To;
    }

    /// <summary>The first instant after <paramref name="instant"/> at which the window opens or closes, or null when it
    /// does not change within eight days (a window that falls entirely into skipped hours).</summary>
    public DateTimeOffset? NextChange(DateTimeOffset instant)
    {
        var open = IsOpen(instant);
        var ticks = instant.UtcTicks;
        var t = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var i = 0; i < MaxScanMinutes; i++)
        {
            t = t.AddMinutes(1);
            if (IsOpen(t) != open)
            {
                return t;
            }
        }
        return null;
    }

    private static TimeOnly ParseTime(string text, string field)
        => TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new CampaignValidationException(field, $"'{field}' must be a local time HH:mm such as 01:00, got '{text}'.");
}
