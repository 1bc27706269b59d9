using System.Globalization;
using System.Text;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>The text of <c>acs campaigns watch</c>: a one-line bar for a terminal, a plain line for logs and pipes,
/// and the closing summary.</summary>
internal static class ProgressFormat
{
    private const int MinBar = 10;
    private const int MaxBar = 40;

    /// <summary>The terminal line, at most <paramref name="width"/> characters:
    /// <c>running [█████░░░░░]  52% ok 520 failed 3 skipped 10 active 100 pending 367 | 12.3/s ETA 0:31</c>.</summary>
    public static string Bar(CampaignSnapshot campaign, double? perSecond, TimeSpan? eta, int width, bool unicode)
    {
        var counts = campaign.Counts;
        var tail = $"{Percent(counts),4} ok {N(counts.Succeeded)} failed {N(counts.Failed)} skipped {N(counts.Skipped)} "
            + $"active {N(counts.InProgress)} pending {N(counts.Pending)} | {Rate(perSecond)} ETA {Duration(eta)}";
        var head = campaign.Status;
        var barWidth = Math.Clamp(width - head.Length - tail.Length - 4, MinBar, MaxBar);
        var line = new StringBuilder(head).Append(" [");
        var filled = counts.Total == 0 ? 0 : (int)Math.Round((double)counts.Done / counts.Total * barWidth);
        line.Append(unicode ? '█' : '#', filled).Append(unicode ? '░' : '-', barWidth - filled).Append("] ").Append(tail);
        if (line.Length > width)
        {
            // A narrow terminal: the bar goes first, then the line is cut; it must never wrap, or \r redraws garble.
            line.Clear().Append(head).Append(' ').Append(tail);
        }
        return line.Length > width ? line.ToString(0, Math.Max(0, width)) : line.ToString();
    }

    /// <summary>A line for logs: <c>2026-11-23T10:00:01Z running 52% total 1,000 succeeded 520 …</c>.</summary>
    public static string Plain(CampaignSnapshot campaign, double? perSecond, TimeSpan? eta, DateTimeOffset now)
    {
        var counts = campaign.Counts;
        return $"{now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {campaign.Status} {Percent(counts).Trim()} "
            + $"total {N(counts.Total)} succeeded {N(counts.Succeeded)} failed {N(counts.Failed)} skipped {N(counts.Skipped)} "
            + $"inProgress {N(counts.InProgress)} pending {N(counts.Pending)} rate {Rate(perSecond)} eta {Duration(eta)}";
    }

    /// <summary>The summary printed when the campaign has finished, with the stop reason when there is one.</summary>
    public static string Final(CampaignSnapshot campaign, TimeSpan watched)
    {
        var counts = campaign.Counts;
        var text = $"campaign {campaign.Id} {campaign.Status}: {N(counts.Succeeded)} succeeded, {N(counts.Failed)} failed, "
            + $"{N(counts.Skipped)} skipped of {N(counts.Total)}";
        if (counts.Remaining > 0)
        {
            text += $" ({N(counts.Remaining)} not done)";
        }
        text += $"; watched {Duration(watched)}";
        return campaign.StopReason is { Length: > 0 } reason ? $"{text}\nreason: {reason}" : text;
    }

    private static string Percent(CampaignCounts counts)
        => counts.Total == 0 ? "  0%" : $"{Math.Floor(100.0 * counts.Done / counts.Total).ToString(CultureInfo.InvariantCulture)}%";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Per second from one a second up, per minute below (a slow ratePerMinute campaign).</summary>
    private static string Rate(double? perSecond) => perSecond switch
    {
        null => "-/s",
        >= 1 => $"{perSecond.Value.ToString("0.0", CultureInfo.InvariantCulture)}/s",
        _ => $"{(perSecond.Value * 60).ToString("0.0", CultureInfo.InvariantCulture)}/min",
    };

    /// <summary><c>m:ss</c>, or <c>h:mm:ss</c> from an hour up; <c>-</c> when unknown.</summary>
    public static string Duration(TimeSpan? span) => span switch
    {
        null => "-",
        { TotalHours: >= 1 } s => $"{(int)s.TotalHours}:{s.Minutes:00}:{s.Seconds:00}",
        var s => $"{s.Value.Minutes}:{s.Value.Seconds:00}",
    };
}
