namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>A profile entry that was not applied, with the reason.</summary>
/// <param name="Entry">The entry as read.</param>
/// <param name="Reason">The class of problem.</param>
/// <param name="Message">What is wrong, phrased for an operator (logged by the phone).</param>
public sealed record SkippedEntry(FlatProfileEntry Entry, SkipReason Reason, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Entry.Line}, column {Entry.Column}: {Message}";
}
