using TR069Acs.Server.Campaigns;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class MaintenanceWindowTests
{
    private static MaintenanceWindow Window(string from, string to, string zone) => MaintenanceWindow.Create(new WindowDefinition(from, to, zone));

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_window_is_local_wall_clock_time_in_its_zone()
    {
        // 01:00-05:00 Berlin is 00:00-04:00 UTC in winter (CET, +1) and 23:00-03:00 UTC in summer (CEST, +2).
        var w = Window("01:00", "05:00", "Europe/Berlin");
        Assert.False(w.IsOpen(Utc("2026-01-15T23:59:00Z")));
        Assert.True(w.IsOpen(Utc("2026-01-16T00:00:00Z")));
        Assert.True(w.IsOpen(Utc("2026-01-16T03:59:00Z")));
        Assert.False(w.IsOpen(Utc("2026-01-16T04:00:00Z")));
        Assert.True(w.IsOpen(Utc("2026-07-15T23:00:00Z")));
        Assert.False(w.IsOpen(Utc("2026-07-16T03:00:00Z")));
    }

    [Fact]
    public void A_window_from_later_than_to_spans_midnight()
    {
        var w = Window("22:00", "04:00", "America/New_York");   // EST, -5 in January
        Assert.True(w.IsOpen(Utc("2026-01-16T03:00:00Z")));     // 22:00 local
        Assert.True(w.IsOpen(Utc("2026-01-16T08:59:00Z")));     // 03:59 local, the next day
        Assert.False(w.IsOpen(Utc("2026-01-16T09:00:00Z")));    // 04:00 local
        Assert.False(w.IsOpen(Utc("2026-01-16T02:59:00Z")));    // 21:59 local
        Assert.Equal(Utc("2026-01-16T09:00:00Z"), w.NextChange(Utc("2026-01-16T05:30:00Z")));
        Assert.Equal(Utc("2026-01-17T03:00:00Z"), w.NextChange(Utc("2026-01-16T09:00:00Z")));
    }

    [Fact]
    public void On_the_spring_forward_night_the_window_closes_an_hour_of_UTC_earlier()
    {
        // Europe/Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC). A 01:00-05:00 window opens at 00:00 UTC
        // (+1) and closes at 03:00 UTC (+2): three real hours.
        var w = Window("01:00", "05:00", "Europe/Berlin");
        Assert.Equal(Utc("2026-03-29T00:00:00Z"), w.NextChange(Utc("2026-03-28T12:00:00Z")));
        Assert.Equal(Utc("2026-03-29T03:00:00Z"), w.NextChange(Utc("2026-03-29T00:00:00Z")));
    }

    [Fact]
    public void A_window_inside_the_skipped_hour_opens_when_the_clock_jumps_past_its_start()
    {
        // 02:30-04:00 Berlin on 2026-03-29: 02:30 never happens; at 01:00 UTC the clock reads 03:00, inside the window.
        var w = Window("02:30", "04:00", "Europe/Berlin");
        Assert.False(w.IsOpen(Utc("2026-03-29T00:59:00Z")));    // 01:59 CET
        Assert.True(w.IsOpen(Utc("2026-03-29T01:00:00Z")));     // 03:00 CEST
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), w.NextChange(Utc("2026-03-28T22:00:00Z")));
        Assert.Equal(Utc("2026-03-29T02:00:00Z"), w.NextChange(Utc("2026-03-29T01:00:00Z")));   // 04:00 CEST
    }

    [Fact]
    public void On_the_fall_back_night_the_repeated_hour_is_inside_the_window_twice()
    {
        // Europe/Berlin, 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC). 02:00-02:30 local happens twice.
        var w = Window("02:00", "02:30", "Europe/Berlin");
        Assert.Equal(Utc("2026-10-25T00:00:00Z"), w.NextChange(Utc("2026-10-24T12:00:00Z")));   // 02:00 CEST
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), w.NextChange(Utc("2026-10-25T00:00:00Z")));   // 02:30 CEST
        Assert.Equal(Utc("2026-10-25T01:00:00Z"), w.NextChange(Utc("2026-10-25T00:30:00Z")));   // 02:00 CET
        Assert.Equal(Utc("2026-10-25T01:30:00Z"), w.NextChange(Utc("2026-10-25T01:00:00Z")));   // 02:30 CET
    }

    [Theory]
    [InlineData("1am", "05:00", "Europe/Berlin", "schedule.window.from")]
    [InlineData("01:00", "25:00", "Europe/Berlin", "schedule.window.to")]
    [InlineData("01:00", "01:00", "Europe/Berlin", "schedule.window.to")]
    [InlineData("01:00", "05:00", "Mars/Olympus_Mons", "schedule.window.timeZone")]
    public void A_bad_window_is_refused_naming_the_member(string from, string to, string zone, string field)
    {
        var ex = Assert.Throws<CampaignValidationException>(() => Window(from, to, zone));
        Assert.Equal(field, ex.Field);
    }
}
