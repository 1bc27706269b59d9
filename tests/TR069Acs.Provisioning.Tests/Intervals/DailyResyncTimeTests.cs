using TR069Acs.Provisioning.Intervals;

namespace TR069Acs.Provisioning.Tests.Intervals;

public class DailyResyncTimeTests
{
    [Theory]
    [InlineData("0959", 9, 59)]
    [InlineData("0000", 0, 0)]
    [InlineData("2400", 0, 0)]
    [InlineData("2359", 23, 59)]
    public void Valid_times_parse(string text, int hour, int minute)
    {
        Assert.True(DailyResyncTime.TryParse(text, out var time));
        Assert.Equal((hour, minute), (time.Value.Hour, time.Value.Minute));
    }

    [Theory]
    [InlineData("")]
    [InlineData("959")]
    [InlineData("09:59")]
    [InlineData("2401")]
    [InlineData("1260")]
    [InlineData("2500")]
    public void Invalid_times_are_refused(string text)
    {
        Assert.False(DailyResyncTime.TryParse(text, out _));
        Assert.Throws<IntervalFormatException>(() => DailyResyncTime.Parse(text));
    }

    [Fact]
    public void Next_occurrence_is_today_or_tomorrow()
    {
        var time = DailyResyncTime.Parse("0959");
        var morning = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 59, 0, TimeSpan.Zero), time.NextAfter(morning));
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 9, 59, 0, TimeSpan.Zero), time.NextAfter(morning.AddHours(2)));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(600, 10)]
    [InlineData(601, 11)]
    [InlineData(3600, 60)]
    public void The_random_window_is_at_least_ten_minutes_rounded_up(int seconds, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), DailyResyncTime.RandomWindow(seconds));
}
