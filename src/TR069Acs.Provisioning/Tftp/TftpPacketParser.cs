using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace TR069Acs.Provisioning.Tftp;

/// <summary>
/// Strict decoder of TFTP datagrams (RFC 1350 §5, RFC 2347 §2 and §3). Never throws on input: a datagram that is
/// not a well-formed packet yields a <see cref="TftpParseError"/> naming the problem.
/// </summary>
public static class TftpPacketParser
{
    /// <summary>Decodes one datagram.</summary>
    /// <param name="datagram">The whole datagram. A DATA packet's payload is a slice of it, not a copy.</param>
    /// <param name="packet">The packet when the datagram is well-formed.</param>
    /// <param name="error">The problem otherwise.</param>
    public static bool TryParse(
        ReadOnlyMemory<byte> datagram,
        [NotNullWhen(true)] out TftpPacket? packet,
        [NotNullWhen(false)] out TftpParseError? error)
    {
        packet = null;
        var span = datagram.Span;
        if (span.Length < 2)
        {
            error = new(TftpParseErrorKind.Truncated, $"datagram of {span.Length} byte(s) is shorter than an opcode");
            return false;
        }

        var opcode = BinaryPrimitives.ReadUInt16BigEndian(span);
        error = opcode switch
        {
            1 or 2 => ParseRequest((TftpOpcode)opcode, span[2..], out packet),
            3 => ParseData(datagram, out packet),
            4 => ParseAck(span, out packet),
            5 => ParseError(span, out packet),
            6 => ParseOptionAck(span[2..], out packet),
            _ => new(TftpParseErrorKind.UnknownOpcode, $"unknown opcode {opcode}"),
        };
        return error is null;
    }

    /// <summary>The conventional name of an opcode for messages (RRQ, WRQ, DATA, ACK, ERROR, OACK).</summary>
    public static string NameOf(TftpOpcode opcode) => opcode switch
    {
        TftpOpcode.ReadRequest => "RRQ",
        TftpOpcode.WriteRequest => "WRQ",
        TftpOpcode.Data => "DATA",
        TftpOpcode.Ack => "ACK",
        TftpOpcode.Error => "ERROR",
        TftpOpcode.OptionAck => "OACK",
        _ => $"opcode {(ushort)opcode}",
    };

    private static TftpParseError? ParseRequest(TftpOpcode opcode, ReadOnlySpan<byte> body, out TftpPacket? packet)
    {
        packet = null;
        var what = NameOf(opcode);
        var problem = ReadString(ref body, $"{what} file name", StringKind.FileName, out var fileName);
        if (problem is not null)
        {
            return problem;
        }

        problem = ReadString(ref body, $"{what} mode", StringKind.Ascii, out var modeText);
        if (problem is not null)
        {
            return problem;
        }

        TftpTransferMode mode;
        if (string.Equals(modeText, "octet", StringComparison.OrdinalIgnoreCase))
        {
            mode = TftpTransferMode.Octet;
        }
        else if (string.Equals(modeText, "netascii", StringComparison.OrdinalIgnoreCase))
        {
            mode = TftpTransferMode.NetAscii;
        }
        else if (string.Equals(modeText, "mail", StringComparison.OrdinalIgnoreCase))
        {
            mode = TftpTransferMode.Mail;
        }
        else
        {
            return new(TftpParseErrorKind.UnknownMode, $"{what} mode '{modeText}' is not netascii, octet or mail");
        }

        problem = ReadOptions(body, what, out var options);
        if (problem is not null)
        {
            return problem;
        }

        packet = new TftpRequestPacket(opcode, fileName!, mode, options);
        return null;
    }

    private static TftpParseError? ParseData(ReadOnlyMemory<byte> datagram, out TftpPacket? packet)
    {
        packet = null;
        if (datagram.Length < TftpLimits.DataHeaderSize)
        {
            return new(TftpParseErrorKind.Truncated, $"DATA of {datagram.Length} bytes has no block number");
        }

        var payload = datagram[TftpLimits.DataHeaderSize..];
        if (payload.Length > TftpLimits.MaxBlockSize)
        {
            return new(TftpParseErrorKind.Oversized, $"DATA payload of {payload.Length} bytes exceeds the RFC 2348 maximum of {TftpLimits.MaxBlockSize}");
        }

        packet = new TftpDataPacket(BinaryPrimitives.ReadUInt16BigEndian(datagram.Span[2..]), payload);
        return null;
    }

    private static TftpParseError? ParseAck(ReadOnlySpan<byte> span, out TftpPacket? packet)
    {
        packet = null;
        if (span.Length < TftpLimits.AckSize)
        {
            return new(TftpParseErrorKind.Truncated, $"ACK of {span.Length} bytes has no block number");
        }

        if (span.Length > TftpLimits.AckSize)
        {
            return new(TftpParseErrorKind.TrailingBytes, $"ACK carries {span.Length - TftpLimits.AckSize} byte(s) after its block number");
        }

        packet = new TftpAckPacket(BinaryPrimitives.ReadUInt16BigEndian(span[2..]));
        return null;
    }

    private static TftpParseError? ParseError(ReadOnlySpan<byte> span, out TftpPacket? packet)
    {
        packet = null;
        if (span.Length < 4)
        {
            return new(TftpParseErrorKind.Truncated, $"ERROR of {span.Length} bytes has no error code");
        }

        var code = (TftpErrorCode)BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        var body = span[4..];
        var problem = ReadString(ref body, "ERROR message", StringKind.Text, out var message);
        if (problem is not null)
        {
            return problem;
        }

        if (!body.IsEmpty)
        {
            return new(TftpParseErrorKind.TrailingBytes, $"ERROR carries {body.Length} byte(s) after its message");
        }

        packet = new TftpErrorPacket(code, message!);
        return null;
    }

    private static TftpParseError? ParseOptionAck(ReadOnlySpan<byte> body, out TftpPacket? packet)
    {
        packet = null;
        var problem = ReadOptions(body, "OACK", out var options);
        if (problem is not null)
        {
            return problem;
        }

        if (options.Count == 0)
        {
            // RFC 2347: an OACK is only sent to acknowledge at least one option.
            return new(TftpParseErrorKind.InvalidOption, "OACK acknowledges no option");
        }

        packet = new TftpOptionAckPacket(options);
        return null;
    }

    private static TftpParseError? ReadOptions(ReadOnlySpan<byte> body, string what, out IReadOnlyList<TftpOption> options)
    {
        options = [];
        List<TftpOption>? list = null;
        while (!body.IsEmpty)
        {
            var problem = ReadString(ref body, $"{what} option name", StringKind.Ascii, out var name);
            if (problem is not null)
            {
                return problem;
            }

            if (body.IsEmpty)
            {
                return new(TftpParseErrorKind.InvalidOption, $"{what} option '{name}' has no value");
            }

            problem = ReadString(ref body, $"{what} option '{name}' value", StringKind.AsciiOrEmpty, out var value);
            if (problem is not null)
            {
                return problem;
            }

            list ??= [];
            if (list.Exists(o => o.Is(name!)))
            {
                return new(TftpParseErrorKind.InvalidOption, $"{what} option '{name}' appears twice");
            }

            if (list.Count == TftpLimits.MaxOptionCount)
            {
                return new(TftpParseErrorKind.InvalidOption, $"{what} carries more than {TftpLimits.MaxOptionCount} options");
            }

            list.Add(new TftpOption(name!, value!));
        }

        if (list is not null)
        {
            options = list;
        }

        return null;
    }

    private enum StringKind
    {
        FileName,
        Ascii,
        AsciiOrEmpty,
        Text,
    }

    private static TftpParseError? ReadString(ref ReadOnlySpan<byte> body, string what, StringKind kind, out string? value)
    {
        value = null;
        var end = body.IndexOf((byte)0);
        if (end < 0)
        {
            return new(TftpParseErrorKind.UnterminatedString, $"{what} is not NUL-terminated");
        }

        var raw = body[..end];
        body = body[(end + 1)..];
        if (raw.IsEmpty && kind is StringKind.FileName or StringKind.Ascii)
        {
            return new(TftpParseErrorKind.InvalidString, $"{what} is empty");
        }

        switch (kind)
        {
            case StringKind.Text:
                // Error text is for people: decoded leniently, invalid sequences become U+FFFD.
                value = Encoding.UTF8.GetString(raw);
                return null;
            case StringKind.FileName:
                if (!Utf8.IsValid(raw))
                {
                    return new(TftpParseErrorKind.InvalidString, $"{what} is not valid UTF-8");
                }

                if (raw.IndexOfAnyInRange((byte)0x01, (byte)0x1F) >= 0 || raw.Contains((byte)0x7F))
                {
                    return new(TftpParseErrorKind.InvalidString, $"{what} contains a control character");
                }

                value = Encoding.UTF8.GetString(raw);
                return null;
            default:
                // RFC 1350 and 2347: modes and options are netascii strings.
                if (raw.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
                {
                    return new(TftpParseErrorKind.InvalidString, $"{what} holds a byte that is not printable ASCII");
                }

                value = Encoding.ASCII.GetString(raw);
                return null;
        }
    }
}
