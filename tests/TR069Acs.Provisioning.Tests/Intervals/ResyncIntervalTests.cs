using TR069Acs.Provisioning.Intervals;

namespace TR069Acs.Provisioning.Tests.Intervals;

public class ResyncIntervalTests
{
    [Fact]
    public void A_single_number_repeats()
    {
        var interval = ResyncInterval.Parse("3600");
        Assert.False(interval.IsDisabled);
        Assert.Equal(TimeSpan.FromSeconds(3600), interval.GetDelay(0, new Random(1)));
        Assert.Equal(TimeSpan.FromSeconds(3600), interval.GetDelay(7, new Random(1)));
    }

    [Fact]
    public void A_list_steps_through_and_its_last_item_repeats()
    {
        var interval = ResyncInterval.Parse("600 , 1200 , 300");
        var random = new Random(1);
        Assert.Equal([600, 1200, 300, 300, 300], Enumerable.Range(0, 5).Select(i => (int)interval.GetDelay(i, random)!.Value.TotalSeconds));
        Assert.Equal("600,1200,300", interval.ToString());
    }

    [Fact]
    public void A_range_adds_a_bounded_random_delay()
    {
        var interval = ResyncInterval.Parse("2400+30");
        var random = new Random(42);
        var delays = Enumerable.Range(0, 500).Select(_ => interval.GetDelay(0, random)!.Value.TotalSeconds).ToArray();
        Assert.All(delays, d => Assert.InRange(d, 2400, 2430));
        Assert.Contains(delays, d => d != delays[0]);
        Assert.Equal(new IntervalStep(2400, 30), interval.StepFor(0));
    }

    [Fact]
    public void Zero_disables()
    {
        var interval = ResyncInterval.Parse(" 0 ");
        Assert.True(interval.IsDisabled);
        Assert.Null(interval.GetDelay(0, new Random(1)));
        Assert.Throws<InvalidOperationException>(() => interval.StepFor(0));
        Assert.Equal("0", interval.ToString());
    }

    [Fact]
    public void The_default_retry_delay_of_the_guides_parses()
    {
        var interval = ResyncInterval.Parse("60,120,240,480,960,1920,3840,7680,15360,30720,61440,86400");
        Assert.Equal(12, interval.Steps.Count);
        Assert.Equal(86400, interval.StepFor(100).Seconds);
    }

    [Theory]
    [InlineData("", "empty interval")]
    [InlineData("   ", "empty interval")]
    [InlineData("abc", "'abc' is not a number of seconds")]
    [InlineData("-60", "'-60' is not a number")]
    [InlineData("600,,300", "empty item")]
    [InlineData("600,", "empty item")]
    [InlineData("2400+", "'2400+' is not a number")]
    [InlineData("+30", "'+30' is not a number")]
    [InlineData("2400+30+5", "is not a number")]
    [InlineData("600,0,300", "only allowed alone")]
    [InlineData("0+30", "only allowed alone")]
    [InlineData("99999999999", "is not a number")]
    [InlineData("1.5", "is not a number")]
    public void Bad_formats_are_clear_errors(string text, string reasonPart)
    {
        Assert.False(ResyncInterval.TryParse(text, out _, out var error));
        Assert.Contains(reasonPart, error, StringComparison.Ordinal);
        var e = Assert.Throws<IntervalFormatException>(() => ResyncInterval.Parse(text));
        Assert.Contains("3600", e.Message, StringComparison.Ordinal);
    }
}
