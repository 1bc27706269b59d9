using System.Buffers.Binary;
using System.Text;

namespace TR069Acs.Provisioning.Tftp;

/// <summary>Encodes TFTP packets (RFC 1350 §5, RFC 2347 §2 and §3) in network byte order.</summary>
public static class TftpPacketWriter
{
    // RFC 1350 leaves the length of error text open; keep an ERROR within one small datagram.
    private const int MaxErrorMessageBytes = 255;

    /// <summary>An RRQ or WRQ with options in the given order.</summary>
    public static byte[] Request(TftpOpcode opcode, string fileName, TftpTransferMode mode, IReadOnlyList<TftpOption>? options = null)
    {
        if (opcode is not (TftpOpcode.ReadRequest or TftpOpcode.WriteRequest))
        {
            throw new ArgumentOutOfRangeException(nameof(opcode), opcode, "a request is an RRQ or a WRQ");
        }

        var modeText = mode switch
        {
            TftpTransferMode.Octet => "octet",
            TftpTransferMode.NetAscii => "netascii",
            _ => "mail",
        };
        var buffer = new MemoryStream(64);
        WriteUInt16(buffer, (ushort)opcode);
        WriteString(buffer, fileName);
        WriteString(buffer, modeText);
        foreach (var option in options ?? [])
        {
            WriteString(buffer, option.Name);
            WriteString(buffer, option.Value);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes a DATA packet into <paramref name="destination"/> and returns its length.</summary>
    public static int WriteData(Span<byte> destination, ushort block, ReadOnlySpan<byte> payload)
    {
        WriteHeader(destination, TftpOpcode.Data, block);
        payload.CopyTo(destination[TftpLimits.DataHeaderSize..]);
        return TftpLimits.DataHeaderSize + payload.Length;
    }

    /// <summary>Writes the DATA header in front of a payload already placed at offset 4 of <paramref name="packet"/>.</summary>
    public static void WriteDataHeader(Span<byte> packet, ushort block) => WriteHeader(packet, TftpOpcode.Data, block);

    /// <summary>A DATA packet.</summary>
    public static byte[] Data(ushort block, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[TftpLimits.DataHeaderSize + payload.Length];
        WriteData(packet, block, payload);
        return packet;
    }

    /// <summary>Writes an ACK into <paramref name="destination"/> and returns its length (4).</summary>
    public static int WriteAck(Span<byte> destination, ushort block)
    {
        WriteHeader(destination, TftpOpcode.Ack, block);
        return TftpLimits.AckSize;
    }

    /// <summary>An ACK packet.</summary>
    public static byte[] Ack(ushort block)
    {
        var packet = new byte[TftpLimits.AckSize];
        WriteAck(packet, block);
        return packet;
    }

    /// <summary>An ERROR packet; the message is UTF-8, cut to 255 bytes.</summary>
    public static byte[] Error(TftpErrorCode code, string message)
    {
        var text = Encoding.UTF8.GetBytes(message.Replace('\0', ' '));
        var length = Math.Min(text.Length, MaxErrorMessageBytes);
        var packet = new byte[4 + length + 1];
        WriteHeader(packet, TftpOpcode.Error, (ushort)code);
        text.AsSpan(0, length).CopyTo(packet.AsSpan(4));
        return packet;
    }

    /// <summary>An OACK carrying the accepted options.</summary>
    public static byte[] OptionAck(IReadOnlyList<TftpOption> options)
    {
        var buffer = new MemoryStream(32);
        WriteUInt16(buffer, (ushort)TftpOpcode.OptionAck);
        foreach (var option in options)
        {
            WriteString(buffer, option.Name);
            WriteString(buffer, option.Value);
        }

        return buffer.ToArray();
    }

    /// <summary>Encodes any packet (DATA copies its payload).</summary>
    public static byte[] Encode(TftpPacket packet) => packet switch
    {
        TftpRequestPacket r => Request(r.Opcode, r.FileName, r.Mode, r.Options),
        TftpDataPacket d => Data(d.Block, d.Payload.Span),
        TftpAckPacket a => Ack(a.Block),
        TftpErrorPacket e => Error(e.Code, e.Message),
        TftpOptionAckPacket o => OptionAck(o.Options),
        _ => throw new ArgumentException($"cannot encode {packet.GetType().Name}", nameof(packet)),
    };

    private static void WriteHeader(Span<byte> destination, TftpOpcode opcode, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)opcode);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], value);
    }

    private static void WriteUInt16(MemoryStream buffer, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteString(MemoryStream buffer, string value)
    {
        buffer.Write(Encoding.UTF8.GetBytes(value));
        buffer.WriteByte(0);
    }
}
