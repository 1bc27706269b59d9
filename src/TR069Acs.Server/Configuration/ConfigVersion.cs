namespace TR069Acs.Server.Configuration;

/// <summary>One version of a scope (<c>GET /api/config/{scope}/history</c>).</summary>
/// <param name="Version">Counts from 1 per scope.</param>
/// <param name="Time">When it was written.</param>
/// <param name="Actor">Who wrote it, as the audit trail names them.</param>
/// <param name="Action"><c>put</c>, <c>patch</c>, <c>delete</c> or <c>rollback</c>.</param>
/// <param name="RolledBackTo">For a rollback, the version whose values it restored.</param>
/// <param name="Changes">What it changed (secrets masked).</param>
/// <param name="Devices">How many devices it queued a SetParameterValues for.</param>
internal sealed record ConfigVersion(int Version, DateTimeOffset Time, string Actor, string Action, int? RolledBackTo,
    IReadOnlyList<ConfigChange> Changes, int Devices);

/// <summary>A version about to be recorded with the write it describes.</summary>
/// <param name="Actor">Who.</param>
/// <param name="Action"><c>put</c>, <c>patch</c>, <c>delete</c> or <c>rollback</c>.</param>
/// <param name="RolledBackTo">For a rollback, the version restored.</param>
/// <param name="MaskedDiff">The changes, secrets masked.</param>
/// <param name="Values">Every value the scope holds after the write (plaintext; the store encrypts secrets).</param>
/// <param name="Devices">SetParameterValues the write queues.</param>
internal sealed record ConfigHistoryDraft(string Actor, string Action, int? RolledBackTo, IReadOnlyList<ConfigChange> MaskedDiff,
    IReadOnlyDictionary<string, string> Values, int Devices);

/// <summary>How a write is made: who makes it, whether only to preview it, and the confirmation it carries.</summary>
/// <param name="Actor">The operator (audit actor).</param>
/// <param name="Action"><c>put</c>, <c>patch</c>, <c>delete</c> or <c>rollback</c>.</param>
/// <param name="DryRun">Compute and return what would happen; store and queue nothing.</param>
/// <param name="Confirm">The <c>?confirm=N</c> of the request: the device count of factory-value reverts the caller accepts.</param>
/// <param name="RolledBackTo">For a rollback, the version restored.</param>
internal sealed record ConfigWrite(string Actor, string Action, bool DryRun = false, int? Confirm = null, int? RolledBackTo = null);

/// <summary>What a write does (or, in a dry run, would do) to devices.</summary>
/// <param name="Devices">Devices that get (would get) a SetParameterValues.</param>
/// <param name="Sample">Up to <see cref="SampleSize"/> of their ids.</param>
/// <param name="FactoryReverts">Devices among them that get (would get) a value put back to its factory value.</param>
internal sealed record ConfigImpact(int Devices, IReadOnlyList<string> Sample, int FactoryReverts)
{
    /// <summary>Device ids shown with a preview.</summary>
    public const int SampleSize = 20;
}

/// <summary>A write that reverts more devices to factory values than <c>Acs:Config:ConfirmAbove</c> without the matching
/// <c>?confirm=N</c> (HTTP 428).</summary>
internal sealed class ConfigConfirmationException(int devices, int threshold, int? given) : Exception(
    $"This write would put values back to their factory defaults on {devices} devices, more than Acs:Config:ConfirmAbove ({threshold}). "
    + (given is null ? "" : $"?confirm={given} does not match. ")
    + $"Preview it with ?dryRun=true, then repeat it with ?confirm={devices}.")
{
    public int Devices { get; } = devices;

    public int Threshold { get; } = threshold;
}
