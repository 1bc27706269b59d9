using System.Globalization;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>A campaign's daily maintenance window as <c>schedule.window</c> gives it (<c>{"from":"01:00","to":"05:00",
/// "timeZone":"Europe/Berlin"}</c>), read by <c>acs campaigns watch</c> to say when a closed window opens.</summary>
internal sealed record CampaignWindow(TimeOnly From, TimeOnly To, TimeZoneInfo Zone, string Text)
{
    // As the server scans: local minutes begin on UTC minute boundaries, and a daily window opens within 8 days.
    private const int MaxScanMinutes = 8 * 24 * 60;

    /// <summary>The window of a campaign object, or null when it has none (or one this CLI cannot read).</summary>
    public static CampaignWindow? Read(JsonNode? campaign)
    {
        if (campaign?["schedule"]?["window"] is not JsonObject window
            || !TimeOnly.TryParseExact(CampaignSnapshot.Text(window["from"]), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeOnly.TryParseExact(CampaignSnapshot.Text(window["to"]), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            return null;
        }
        var zoneId = CampaignSnapshot.Text(window["timeZone"]) ?? "UTC";
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            return new CampaignWindow(from, to, zone, $"{from:HH\\:mm}–{to:HH\\:mm} {zoneId}");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="instant"/> is inside the window.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(instant, Zone).TimeOfDay);
        return From < To ? local >= From && local < To : local >= From || local < To;
    }

    /// <summary>When the window next opens after <paramref name="instant"/>, or null when it is open.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant)
    {
        if (IsOpen(instant))
        {
            return null;
        }
        var minute = new DateTimeOffset(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var i = 1; i <= MaxScanMinutes; i++)
        {
            var candidate = minute.AddMinutes(i);
            if (IsOpen(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>"outside its maintenance window 01:00–05:00 Europe/Berlin; it opens 2026-12-07 01:00 +01:00 (in 13 h 20 min)".</summary>
    public string ClosedLine(DateTimeOffset now)
    {
        if (NextOpening(now) is not { } opens)
        {
            return $"outside its maintenance window {Text}.";
        }
        var local = TimeZoneInfo.ConvertTime(opens, Zone);
        var wait = opens - now;
        var inText = wait.TotalHours >= 1 ? $"{(int)wait.TotalHours} h {wait.Minutes} min" : $"{Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} min";
        return $"outside its maintenance window {Text}; it opens {local.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} (in {inText}).";
    }
}
