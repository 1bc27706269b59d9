namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>A parsed flat profile: its parameter elements in document order, and non-fatal warnings.</summary>
public sealed class FlatProfile
{
    /// <summary>Creates a profile from entries (e.g. built by the ACS for <see cref="FlatProfileWriter"/>).</summary>
    public FlatProfile(IReadOnlyList<FlatProfileEntry> entries, IReadOnlyList<FlatProfileWarning>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        Warnings = warnings ?? [];
    }

    /// <summary>The parameter elements in document order (a repeated name applies in order: the last one wins).</summary>
    public IReadOnlyList<FlatProfileEntry> Entries { get; }

    /// <summary>Problems that did not stop parsing.</summary>
    public IReadOnlyList<FlatProfileWarning> Warnings { get; }
}
