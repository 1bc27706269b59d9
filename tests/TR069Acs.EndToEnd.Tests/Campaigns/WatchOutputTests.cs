using Microsoft.Extensions.Time.Testing;
using TR069Acs.Cli.Commands.Campaigns;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>Issue 15 §5: <c>acs campaigns watch</c> in a pipe never drops the latest state, and says when a closed
/// maintenance window opens. The view runs on a fake clock, so nothing here waits for real time.</summary>
public sealed class WatchOutputTests
{
    private static CampaignSnapshot State(long succeeded, string status = "running")
        => new("7", "roll-out", status, null, new CampaignCounts(10, 10 - succeeded, 0, succeeded, 0, 0));

    [Fact]
    public void A_state_held_back_by_the_line_interval_is_printed_when_the_interval_ends_without_another_event()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var output = new StringWriter();
        using var view = new ProgressView(output, terminal: false, () => 80, unicode: false, time);

        view.Update(State(0));
        time.Advance(TimeSpan.FromMilliseconds(300));
        view.Update(State(3)); // within the interval: held back
        Assert.DoesNotContain("succeeded 3 ", output.ToString(), StringComparison.Ordinal);

        // No further event comes (the ACS sends one only on a change): the held-back state still appears.
        time.Advance(ProgressView.PlainInterval);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("succeeded 3 ", lines[^1], StringComparison.Ordinal);

        // A newer state replaces a held-back one; only the newest is printed.
        view.Update(State(4));
        view.Update(State(5));
        time.Advance(ProgressView.PlainInterval);
        Assert.Contains("succeeded 5 ", output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("succeeded 4 ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_window_says_when_it_opens()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""{"schedule":{"window":{"from":"02:00","to":"05:00","timeZone":"Europe/Berlin"}}}""");
        var window = CampaignWindow.Read(node)!;
        var now = new DateTimeOffset(2026, 12, 6, 12, 30, 0, TimeSpan.Zero); // 13:30 in Berlin (UTC+1)

        Assert.False(window.IsOpen(now));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), window.NextOpening(now));
        Assert.Equal("outside its maintenance window 02:00–05:00 Europe/Berlin; it opens 2026-12-07 02:00 +01:00 (in 12 h 30 min).", window.ClosedLine(now));
        Assert.True(window.IsOpen(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero)));
        Assert.Null(CampaignWindow.Read(System.Text.Json.Nodes.JsonNode.Parse("""{"schedule":{"window":null}}""")));
    }
}
