using System.Globalization;

namespace TR069Acs.Server.Campaigns;

/// <summary>Decides whether a campaign's stop rules halt it. Failures are devices whose last attempt failed with no
/// retry left; the failure-rate window slides over the most recently finished devices (succeeded or failed).</summary>
internal static class StopRuleEvaluator
{
    /// <summary>The reason to stop, or null to go on.</summary>
    /// <param name="rules">The campaign's rules.</param>
    /// <param name="counts">The campaign's current counts.</param>
    /// <param name="recentOutcomes">States of the most recently finished devices, newest first (at least the rate window's size when available).</param>
    public static string? Evaluate(StopRules rules, CampaignCounts counts, IReadOnlyList<string> recentOutcomes)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(recentOutcomes);
        if (rules.MaxFailures is { } max && counts.Failed >= max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"stopRules.maxFailures: {counts.Failed} device(s) failed (limit {max})");
        }
        if (rules.MaxFailureRate is { } rate)
        {
            var window = recentOutcomes.Take(rate.Window).ToList();
            var failed = window.Count(s => s == DeviceState.Failed);
            if (failed >= rate.Failures)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"stopRules.maxFailureRate: {failed} of the last {window.Count} finished device(s) failed (limit {rate.Failures} of {rate.Window})");
            }
        }
        return null;
    }
}
