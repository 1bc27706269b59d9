namespace TR069Acs.Provisioning.Tftp;

/// <summary>One option name/value pair of a request or OACK (RFC 2347). Names compare case-insensitively.</summary>
/// <param name="Name">The option name as sent, e.g. <c>blksize</c>.</param>
/// <param name="Value">The option value as sent, e.g. <c>1428</c>.</param>
public readonly record struct TftpOption(string Name, string Value)
{
    /// <summary>RFC 2348: the block size in octets.</summary>
    public const string BlockSize = "blksize";

    /// <summary>RFC 2349: the retransmission timeout in seconds.</summary>
    public const string Timeout = "timeout";

    /// <summary>RFC 2349: the transfer size in octets (0 in a read request).</summary>
    public const string TransferSize = "tsize";

    /// <summary>Whether this option has the given name (ordinal, case-insensitive).</summary>
    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}
