namespace TR069Acs.Provisioning.Tftp;

/// <summary>
/// A decoded TFTP packet. <see cref="TftpPacketParser"/> produces the subtypes;
/// <see cref="TftpPacketWriter"/> encodes them.
/// </summary>
/// <param name="Opcode">The packet's opcode.</param>
public abstract record TftpPacket(TftpOpcode Opcode);

/// <summary>A read (RRQ) or write (WRQ) request, with its RFC 2347 options in the order sent.</summary>
/// <param name="Opcode"><see cref="TftpOpcode.ReadRequest"/> or <see cref="TftpOpcode.WriteRequest"/>.</param>
/// <param name="FileName">The requested file name, decoded as UTF-8.</param>
/// <param name="Mode">The transfer mode.</param>
/// <param name="Options">The options, each name at most once.</param>
public sealed record TftpRequestPacket(TftpOpcode Opcode, string FileName, TftpTransferMode Mode, IReadOnlyList<TftpOption> Options)
    : TftpPacket(Opcode)
{
    /// <summary>The value of the named option, or null when it was not sent.</summary>
    public string? FindOption(string name) => TftpOptionList.Find(Options, name);
}

/// <summary>A DATA packet.</summary>
/// <param name="Block">The block number (1-based; wraps to 0 after 65535 on long transfers).</param>
/// <param name="Payload">The payload; a slice of the datagram it was parsed from, valid while that buffer is.</param>
public sealed record TftpDataPacket(ushort Block, ReadOnlyMemory<byte> Payload) : TftpPacket(TftpOpcode.Data);

/// <summary>An ACK packet.</summary>
/// <param name="Block">The acknowledged block; 0 acknowledges an OACK.</param>
public sealed record TftpAckPacket(ushort Block) : TftpPacket(TftpOpcode.Ack);

/// <summary>An ERROR packet.</summary>
/// <param name="Code">The error code; values above 8 are kept as sent.</param>
/// <param name="Message">The error text.</param>
public sealed record TftpErrorPacket(TftpErrorCode Code, string Message) : TftpPacket(TftpOpcode.Error);

/// <summary>An option acknowledgement (RFC 2347): the options the server accepted, with the values it chose.</summary>
/// <param name="Options">The accepted options.</param>
public sealed record TftpOptionAckPacket(IReadOnlyList<TftpOption> Options) : TftpPacket(TftpOpcode.OptionAck)
{
    /// <summary>The value of the named option, or null when the server did not acknowledge it.</summary>
    public string? FindOption(string name) => TftpOptionList.Find(Options, name);
}
