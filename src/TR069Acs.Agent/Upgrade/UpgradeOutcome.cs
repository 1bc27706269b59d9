namespace TR069Acs.Agent.Upgrade;

/// <summary>The outcome of one upgrade attempt (<c>Upgrade_Rule</c>, <c>/admin/upgrade</c>).</summary>
/// <param name="Attempted">False when nothing was fetched: upgrades disabled, no rule, or its condition false.</param>
/// <param name="Succeeded">The image was accepted (the phone reboots into it unless it already runs that version).</param>
/// <param name="Error">Why the attempt failed or was not made (<c>$ERR</c>), or null.</param>
/// <param name="Url">The URL fetched, or null.</param>
/// <param name="Version">The version installed, or null.</param>
public sealed record UpgradeOutcome(bool Attempted, bool Succeeded, string? Error, string? Url, string? Version)
{
    internal static UpgradeOutcome NotAttempted(string? reason) => new(false, false, reason, null, null);
}
