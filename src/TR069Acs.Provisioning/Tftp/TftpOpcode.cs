namespace TR069Acs.Provisioning.Tftp;

/// <summary>TFTP packet opcodes: RFC 1350 §5 (1–5) and RFC 2347 (6).</summary>
public enum TftpOpcode : ushort
{
    /// <summary>Read request (RRQ).</summary>
    ReadRequest = 1,

    /// <summary>Write request (WRQ).</summary>
    WriteRequest = 2,

    /// <summary>A block of file data.</summary>
    Data = 3,

    /// <summary>Acknowledgement of a DATA block (or of an OACK, as block 0).</summary>
    Ack = 4,

    /// <summary>An error; terminates the transfer.</summary>
    Error = 5,

    /// <summary>Option acknowledgement (RFC 2347).</summary>
    OptionAck = 6,
}
