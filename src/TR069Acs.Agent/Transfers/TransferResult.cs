using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Transfers;

/// <summary>How a file transfer ended: FaultStruct 0 on success (TR-069 A.3.3.2), the bytes of a file the phone keeps,
/// and the number of bytes moved.</summary>
internal sealed record TransferResult(FaultStruct Fault, byte[]? Content, long Length)
{
    public bool Succeeded => Fault.FaultCode == 0;

    public static TransferResult Failed(int code, string message) => new(new FaultStruct(code, message), null, 0);
}
