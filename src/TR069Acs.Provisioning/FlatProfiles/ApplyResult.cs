using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>The outcome of applying a profile: what was applied, what was skipped and why.</summary>
public sealed class ApplyResult
{
    internal ApplyResult(List<AppliedValue> applied, List<SkippedEntry> skipped, IReadOnlyList<FlatProfileWarning> warnings)
    {
        Applied = applied;
        Skipped = skipped;
        Warnings = warnings;
    }

    /// <summary>Every valid entry, in profile order (including those that left the value unchanged).</summary>
    public IReadOnlyList<AppliedValue> Applied { get; }

    /// <summary>Entries not applied: unknown names, missing extensions, invalid values, masked secrets.</summary>
    public IReadOnlyList<SkippedEntry> Skipped { get; }

    /// <summary>The profile's non-fatal warnings (invalid <c>ua</c> values).</summary>
    public IReadOnlyList<FlatProfileWarning> Warnings { get; }

    /// <summary>The entries that changed a value.</summary>
    public IEnumerable<AppliedValue> Changed => Applied.Where(a => a.Changed);

    /// <summary>True when some entry changed <paramref name="parameterName"/>.</summary>
    public bool HasChanged(string parameterName) =>
        Applied.Any(a => a.Changed && a.Parameter.Name == parameterName);

    /// <summary>True when some entry changed <paramref name="parameter"/>.</summary>
    public bool HasChanged(FlatParameter parameter) => Applied.Any(a => a.Changed && ReferenceEquals(a.Parameter, parameter));
}
