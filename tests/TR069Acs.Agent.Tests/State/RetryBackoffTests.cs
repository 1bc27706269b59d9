using TR069Acs.Agent.State;

namespace TR069Acs.Agent.Tests.State;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 5, 10)]
    [InlineData(2, 10, 20)]
    [InlineData(3, 20, 40)]
    [InlineData(9, 1280, 2560)]
    [InlineData(10, 2560, 5120)]
    [InlineData(11, 2560, 5120)]     // capped: "10 and subsequent"
    [InlineData(500, 2560, 5120)]
    public void Windows_follow_tr069_table_3_with_the_default_constants(int failures, double min, double max)
        => Assert.Equal((min, max), RetryBackoff.Window(failures, 5, 2000));

    [Fact]
    public void The_constants_come_from_the_management_server_parameters()
    {
        Assert.Equal((30, 45), RetryBackoff.Window(1, 30, 1500));
        Assert.Equal((1, 1), RetryBackoff.Window(7, 1, 1000));
    }

    [Fact]
    public void Delays_are_drawn_inside_the_window()
    {
        var random = new Random(1234);
        for (var failures = 1; failures <= 12; failures++)
        {
            var (min, max) = RetryBackoff.Window(failures, 5, 2000);
            for (var i = 0; i < 200; i++)
            {
                var delay = RetryBackoff.Delay(failures, 5, 2000, random).TotalSeconds;
                Assert.InRange(delay, min, max);
            }
        }
    }

    [Fact]
    public void Delays_spread_over_the_window_rather_than_sitting_on_one_value()
    {
        var random = new Random(99);
        var delays = Enumerable.Range(0, 500).Select(_ => RetryBackoff.Delay(3, 5, 2000, random).TotalSeconds).ToList();

        Assert.True(delays.Min() < 22 && delays.Max() > 38, $"{delays.Min()}…{delays.Max()}");
    }
}
