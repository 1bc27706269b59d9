namespace TR069Acs.Cwmp;

/// <summary>Inform: the CPE opens every session with it (TR-069 A.3.3.1).</summary>
public sealed record Inform(
    DeviceId DeviceId,
    IReadOnlyList<EventStruct> Events,
    int MaxEnvelopes,
    DateTimeOffset CurrentTime,
    int RetryCount,
    IReadOnlyList<ParameterValue> ParameterList) : CwmpMessage
{
    public override string ElementName => "Inform";

    /// <summary>The CurrentTime text when it is not a valid dateTime (then <see cref="CurrentTime"/> is
    /// <see cref="DateTimeOffset.MinValue"/>); the ACS does not act on the field, so it records the value and goes on.</summary>
    public string? UnreadableCurrentTime { get; init; }
}

/// <summary>InformResponse. TR-069 requires MaxEnvelopes = 1.</summary>
public sealed record InformResponse(int MaxEnvelopes = 1) : CwmpMessage
{
    public override string ElementName => "InformResponse";
}
