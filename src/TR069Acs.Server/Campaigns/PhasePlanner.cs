using System.Globalization;

namespace TR069Acs.Server.Campaigns;

/// <summary>Splits a campaign's eligible devices into phases and decides when the next phase may start.</summary>
/// <remarks>Phase 0 is the canary (the first <c>canary</c> devices in selection order); each percentage then extends
/// the devices started so far to that share of the eligible devices (rounded up). The last phase always takes every
/// remaining device, as if the list ended with 100. Phases that would be empty (10 % of 30 devices after a canary of
/// 5) are left out, so phase numbers are consecutive.</remarks>
internal static class PhasePlanner
{
    /// <summary>How many devices each phase holds, in order; their sum is <paramref name="eligible"/>.</summary>
    public static IReadOnlyList<int> Sizes(int eligible, PhasePlan? plan)
    {
        if (eligible <= 0)
        {
            return [];
        }
        if (plan is null)
        {
            return [eligible];
        }
        var bounds = new List<int>();
        if (plan.Canary > 0)
        {
            bounds.Add(Math.Min(plan.Canary, eligible));
        }
        foreach (var p in plan.Percentages)
        {
            bounds.Add((int)Math.Min(eligible, ((long)eligible * p + 99) / 100));
        }
        bounds.Add(eligible);
        var sizes = new List<int>();
        var previous = 0;
        foreach (var bound in bounds)
        {
            if (bound > previous)
            {
                sizes.Add(bound - previous);
                previous = bound;
            }
        }
        return sizes;
    }

    /// <summary>Phase of each of <paramref name="eligible"/> devices in selection order.</summary>
    public static int[] Assign(int eligible, PhasePlan? plan)
    {
        var result = new int[Math.Max(0, eligible)];
        var index = 0;
        var sizes = Sizes(eligible, plan);
        for (var phase = 0; phase < sizes.Count; phase++)
        {
            for (var i = 0; i < sizes[phase]; i++)
            {
                result[index++] = phase;
            }
        }
        return result;
    }

    /// <summary>What the campaign does about its phases now.</summary>
    /// <param name="current">The phase devices are being started in.</param>
    /// <param name="tallies">Every phase's progress.</param>
    /// <param name="plan">The plan (null: one phase, nothing to gate).</param>
    public static PhaseDecision Decide(int current, IReadOnlyList<PhaseTally> tallies, PhasePlan? plan)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var last = tallies.Count == 0 ? 0 : tallies.Max(t => t.Phase);
        if (plan is null || current >= last)
        {
            return PhaseDecision.Stay;
        }
        var tally = tallies.FirstOrDefault(t => t.Phase == current);
        if (tally is null)
        {
            return PhaseDecision.Advance(current + 1);
        }
        if (tally.Unfinished > 0)
        {
            return PhaseDecision.Stay;
        }
        var finished = tally.Succeeded + tally.Failed;
        var rate = finished == 0 ? 1.0 : (double)tally.Succeeded / finished;
        return rate + 1e-9 >= plan.MinSuccessRate
            ? PhaseDecision.Advance(current + 1)
            : PhaseDecision.Halt(string.Create(CultureInfo.InvariantCulture,
                $"phases.minSuccessRate: phase {current + 1} of {last + 1} finished with {tally.Succeeded} of {finished} device(s) succeeded ({rate:0.###}), below {plan.MinSuccessRate:0.###}"));
    }
}

/// <summary>Stay in the phase, advance to <see cref="NextPhase"/>, or stop with <see cref="StopReason"/>.</summary>
internal sealed record PhaseDecision(int? NextPhase, string? StopReason)
{
    public static readonly PhaseDecision Stay = new(null, null);

    public static PhaseDecision Advance(int phase) => new(phase, null);

    public static PhaseDecision Halt(string reason) => new(null, reason);
}
