namespace TR069Acs.Provisioning.Tftp;

/// <summary>The error codes of RFC 1350 (appendix) and RFC 2347 (8).</summary>
public enum TftpErrorCode : ushort
{
    /// <summary>Not defined, see the error message.</summary>
    NotDefined = 0,

    /// <summary>File not found.</summary>
    FileNotFound = 1,

    /// <summary>Access violation.</summary>
    AccessViolation = 2,

    /// <summary>Disk full or allocation exceeded.</summary>
    DiskFull = 3,

    /// <summary>Illegal TFTP operation.</summary>
    IllegalOperation = 4,

    /// <summary>Unknown transfer ID (a packet from a port that is not the peer of the transfer).</summary>
    UnknownTransferId = 5,

    /// <summary>File already exists.</summary>
    FileExists = 6,

    /// <summary>No such user.</summary>
    NoSuchUser = 7,

    /// <summary>Option negotiation refused (RFC 2347).</summary>
    OptionNegotiationFailed = 8,
}
