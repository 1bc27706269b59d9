namespace TR069Acs.Cwmp;

/// <summary>AutonomousTransferComplete: a transfer the CPE made on its own (TR-069 A.3.3.3).</summary>
public sealed record AutonomousTransferComplete(
    string AnnounceUrl,
    string TransferUrl,
    bool IsDownload,
    string FileType,
    long FileSize,
    string TargetFileName,
    FaultStruct Fault,
    DateTimeOffset StartTime,
    DateTimeOffset CompleteTime) : CwmpMessage
{
    public override string ElementName => "AutonomousTransferComplete";
}

/// <summary>AutonomousTransferCompleteResponse (empty).</summary>
public sealed record AutonomousTransferCompleteResponse : CwmpMessage
{
    public override string ElementName => "AutonomousTransferCompleteResponse";
}
