namespace TR069Acs.Agent.Resync;

/// <summary>What one resync did.</summary>
/// <param name="Succeeded">Every rule that applied fetched, decoded and parsed its profile.</param>
/// <param name="Error">The first failure (<c>$ERR</c>), or null.</param>
/// <param name="Changed">Flat parameters whose value changed.</param>
/// <param name="Rejected">Values skipped, each as <c>Name: reason</c>.</param>
/// <param name="Urls">The URLs fetched, in rule order.</param>
public sealed record ResyncOutcome(bool Succeeded, string? Error, IReadOnlyList<string> Changed, IReadOnlyList<string> Rejected, IReadOnlyList<string> Urls);
