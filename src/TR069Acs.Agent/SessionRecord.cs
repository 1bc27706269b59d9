using TR069Acs.Cwmp;

namespace TR069Acs.Agent;

/// <summary>What one CWMP session of a phone did, for tests and logs.</summary>
/// <param name="Number">1 for the phone's first session since the process started, then counting up.</param>
/// <param name="Started">When the Inform was sent.</param>
/// <param name="Ended">When the session ended.</param>
/// <param name="Events">The Inform's events.</param>
/// <param name="RetryCount">The Inform's RetryCount.</param>
/// <param name="InformParameters">The Inform's ParameterList.</param>
/// <param name="AcsRequests">The ACS's requests, by method name, in order.</param>
/// <param name="AcknowledgedTransfers">CommandKeys of the TransferCompletes the ACS acknowledged.</param>
/// <param name="Succeeded">The session ran to the ACS's 204 with nothing left to deliver.</param>
/// <param name="Error">Why it failed, for a person.</param>
public sealed record SessionRecord(
    int Number,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    IReadOnlyList<EventStruct> Events,
    int RetryCount,
    IReadOnlyList<ParameterValue> InformParameters,
    IReadOnlyList<string> AcsRequests,
    IReadOnlyList<string> AcknowledgedTransfers,
    bool Succeeded,
    string? Error)
{
    /// <summary>True when the Inform carried <paramref name="eventCode"/> (with <paramref name="commandKey"/>, if given).</summary>
    public bool HasEvent(string eventCode, string? commandKey = null)
        => Events.Any(e => e.EventCode == eventCode && (commandKey is null || e.CommandKey == commandKey));

    /// <summary>The value the Inform carried for <paramref name="name"/>, or null.</summary>
    public string? InformValue(string name) => InformParameters.FirstOrDefault(p => p.Name == name)?.Value;
}
