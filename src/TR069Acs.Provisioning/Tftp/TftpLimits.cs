namespace TR069Acs.Provisioning.Tftp;

/// <summary>Protocol constants of RFC 1350, 2347, 2348 and 2349.</summary>
public static class TftpLimits
{
    /// <summary>RFC 1350: the block size when no <c>blksize</c> option was negotiated.</summary>
    public const int DefaultBlockSize = 512;

    /// <summary>RFC 2348: the smallest block size a peer may request.</summary>
    public const int MinBlockSize = 8;

    /// <summary>RFC 2348: the largest block size (65,535 minus IP, UDP and TFTP headers).</summary>
    public const int MaxBlockSize = 65464;

    /// <summary>RFC 2349: the smallest <c>timeout</c> value, in seconds.</summary>
    public const int MinTimeoutSeconds = 1;

    /// <summary>RFC 2349: the largest <c>timeout</c> value, in seconds.</summary>
    public const int MaxTimeoutSeconds = 255;

    /// <summary>RFC 2347: a request packet including its options must not exceed 512 octets.</summary>
    public const int MaxRequestPacketSize = 512;

    /// <summary>Opcode and block number in front of a DATA payload.</summary>
    public const int DataHeaderSize = 4;

    /// <summary>Size of an ACK packet (opcode and block number).</summary>
    public const int AckSize = 4;

    /// <summary>More options than this in one packet are refused as hostile; RFC 2347 peers send a handful.</summary>
    public const int MaxOptionCount = 16;
}
