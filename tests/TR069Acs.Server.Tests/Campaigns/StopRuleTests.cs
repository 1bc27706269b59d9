using TR069Acs.Server.Campaigns;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class StopRuleTests
{
    private static CampaignCounts Counts(long failed) => new(100, 0, 0, 100 - failed, failed, 0);

    private static List<string> Outcomes(string pattern)
        => [.. pattern.Select(c => c == 'F' ? DeviceState.Failed : DeviceState.Succeeded)];

    [Fact]
    public void MaxFailures_stops_at_the_limit_not_before()
    {
        var rules = new StopRules(5, null, 1800);
        Assert.Null(StopRuleEvaluator.Evaluate(rules, Counts(4), []));
        Assert.Contains("5 device(s) failed (limit 5)", StopRuleEvaluator.Evaluate(rules, Counts(5), []), StringComparison.Ordinal);
    }

    [Fact]
    public void The_failure_rate_window_slides_over_the_most_recent_outcomes()
    {
        var rules = new StopRules(null, new FailureRateRule(3, 5), 1800);
        // Newest first: three failures long ago do not count once five successes followed them.
        Assert.Null(StopRuleEvaluator.Evaluate(rules, Counts(3), Outcomes("SSSSSFFF")));
        Assert.Null(StopRuleEvaluator.Evaluate(rules, Counts(2), Outcomes("FSFSS")));
        var reason = StopRuleEvaluator.Evaluate(rules, Counts(3), Outcomes("FSFFSSSS"));
        Assert.Contains("3 of the last 5", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_failure_rate_fires_before_the_window_is_full()
    {
        var rules = new StopRules(null, new FailureRateRule(2, 100), 1800);
        Assert.Contains("2 of the last 3", StopRuleEvaluator.Evaluate(rules, Counts(2), Outcomes("FSF")), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_rules_nothing_stops()
        => Assert.Null(StopRuleEvaluator.Evaluate(new StopRules(null, null, 1800), Counts(100), Outcomes("FFFFF")));
}
