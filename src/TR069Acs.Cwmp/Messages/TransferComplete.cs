namespace TR069Acs.Cwmp;

/// <summary>TransferComplete: the outcome of a Download or Upload whose response had Status 1 (TR-069 A.3.3.2).</summary>
public sealed record TransferComplete(
    string CommandKey, FaultStruct Fault, DateTimeOffset StartTime, DateTimeOffset CompleteTime) : CwmpMessage
{
    public override string ElementName => "TransferComplete";
}

/// <summary>TransferCompleteResponse (empty).</summary>
public sealed record TransferCompleteResponse : CwmpMessage
{
    public override string ElementName => "TransferCompleteResponse";
}
