using TR069Acs.Server.Campaigns;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class PhasePlannerTests
{
    [Fact]
    public void Canary_then_cumulative_percentages_rounded_up()
    {
        var plan = new PhasePlan(10, [10, 50, 100], 0.95);
        Assert.Equal([10, 90, 400, 500], PhasePlanner.Sizes(1000, plan));   // 10, then up to 100, 500, 1000
    }

    [Fact]
    public void Empty_phases_are_left_out_and_the_last_phase_takes_the_rest()
    {
        // 10 % of 30 is 3, already covered by the canary of 5; the list ends at 50 %, the rest still follows.
        Assert.Equal([5, 10, 15], PhasePlanner.Sizes(30, new PhasePlan(5, [10, 50], 1)));
        Assert.Equal([3], PhasePlanner.Sizes(3, new PhasePlan(10, [50], 1)));
        Assert.Equal([7], PhasePlanner.Sizes(7, null));
        Assert.Empty(PhasePlanner.Sizes(0, new PhasePlan(10, [], 1)));
    }

    [Fact]
    public void The_next_phase_waits_for_the_previous_one_to_finish()
    {
        var plan = new PhasePlan(2, [100], 0.5);
        PhaseTally[] running = [new() { Phase = 0, Unfinished = 1, Succeeded = 1 }, new() { Phase = 1, Unfinished = 8 }];
        Assert.Equal(PhaseDecision.Stay, PhasePlanner.Decide(0, running, plan));
        PhaseTally[] done = [new() { Phase = 0, Succeeded = 1, Failed = 1 }, new() { Phase = 1, Unfinished = 8 }];
        Assert.Equal(1, PhasePlanner.Decide(0, done, plan).NextPhase);
    }

    [Fact]
    public void A_phase_below_the_minimum_success_rate_stops_the_campaign()
    {
        var plan = new PhasePlan(10, [100], 0.95);
        PhaseTally[] tallies = [new() { Phase = 0, Succeeded = 9, Failed = 1 }, new() { Phase = 1, Unfinished = 90 }];
        var decision = PhasePlanner.Decide(0, tallies, plan);
        Assert.Null(decision.NextPhase);
        Assert.Contains("phase 1 of 2 finished with 9 of 10 device(s) succeeded (0.9), below 0.95", decision.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_are_assigned_to_phases_in_selection_order()
        => Assert.Equal([0, 0, 1, 1, 1, 2, 2, 2, 2, 2], PhasePlanner.Assign(10, new PhasePlan(2, [50], 1)));
}
