using TR069Acs.Agent.State;

namespace TR069Acs.Agent.Tests.State;

public sealed class PeriodicScheduleTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 10, 17, 0, TimeSpan.Zero);

    [Fact]
    public void Without_a_reference_the_next_inform_is_one_interval_away()
        => Assert.Equal(Now.AddHours(1), PeriodicSchedule.Next(Now, TimeSpan.FromHours(1), null));

    [Fact]
    public void The_unknown_time_means_no_reference()
        => Assert.Equal(Now.AddHours(1), PeriodicSchedule.Next(Now, TimeSpan.FromHours(1), DateTimeOffset.MinValue));

    [Theory]
    [InlineData("2025-06-01T02:30:00Z", "2025-06-02T02:30:00Z")]   // daily at 02:30, today's has passed
    [InlineData("2025-06-01T23:00:00Z", "2025-06-01T23:00:00Z")]   // later today
    [InlineData("2030-01-01T02:30:00Z", "2025-06-02T02:30:00Z")]   // a reference in the future sets the phase too
    [InlineData("2025-06-01T10:17:00Z", "2025-06-02T10:17:00Z")]   // exactly now: the next one, not now
    public void With_a_reference_informs_fall_on_it_plus_whole_intervals(string reference, string expected)
        => Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            PeriodicSchedule.Next(Now, TimeSpan.FromDays(1), DateTimeOffset.Parse(reference, System.Globalization.CultureInfo.InvariantCulture)));
}
