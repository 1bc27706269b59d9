namespace TR069Acs.Agent.Upgrade;

/// <summary>What the phone decides about a fetched firmware file before "flashing" it.</summary>
/// <param name="Version">The SoftwareVersion the file installs, when accepted (null: accepted, version unknown).</param>
/// <param name="FaultCode">0 when accepted; else the TR-069 TransferComplete fault (9018 corrupt, 9010 refused).</param>
/// <param name="Error">Why it was refused, phrased for <c>$ERR</c> and the FaultString.</param>
/// <param name="IsImage">The file is one of our firmware images (header verified), not a file named after a version.</param>
internal sealed record FirmwareVerdict(string? Version, int FaultCode, string? Error, bool IsImage)
{
    /// <summary>True when the file may be installed.</summary>
    public bool Accepted => FaultCode == 0;
}
