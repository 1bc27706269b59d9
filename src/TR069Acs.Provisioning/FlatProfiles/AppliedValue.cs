using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>A profile entry that was applied.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="OldValue">The value before.</param>
/// <param name="NewValue">The value stored (normalized).</param>
public readonly record struct AppliedValue(FlatParameter Parameter, string OldValue, string NewValue)
{
    /// <summary>True when the stored value differs from the previous one (what "4 VALUE CHANGE" and rescheduling look at).</summary>
    public bool Changed => !string.Equals(OldValue, NewValue, StringComparison.Ordinal);
}
