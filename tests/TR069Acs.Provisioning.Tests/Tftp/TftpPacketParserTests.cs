using System.Text;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Provisioning.Tests.Tftp;

public sealed class TftpPacketParserTests
{
    [Fact]
    public void Read_request_with_options_round_trips()
    {
        var bytes = TftpPacketWriter.Request(TftpOpcode.ReadRequest, "spa/CP-8841-3PCC.cfg", TftpTransferMode.Octet,
            [new("blksize", "1428"), new("tsize", "0"), new("timeout", "3")]);

        var packet = Parse<TftpRequestPacket>(bytes);

        Assert.Equal(TftpOpcode.ReadRequest, packet.Opcode);
        Assert.Equal("spa/CP-8841-3PCC.cfg", packet.FileName);
        Assert.Equal(TftpTransferMode.Octet, packet.Mode);
        Assert.Equal("1428", packet.FindOption("BLKSIZE"));
        Assert.Equal("0", packet.FindOption("tsize"));
        Assert.Equal("3", packet.FindOption("timeout"));
        Assert.Equal(bytes, TftpPacketWriter.Encode(packet));
    }

    [Fact]
    public void Request_is_exactly_the_rfc_1350_layout()
    {
        var bytes = TftpPacketWriter.Request(TftpOpcode.ReadRequest, "a", TftpTransferMode.NetAscii);

        Assert.Equal([0, 1, (byte)'a', 0, .. "netascii"u8, 0], bytes);
    }

    [Theory]
    [InlineData("OCTET", TftpTransferMode.Octet)]
    [InlineData("NetAscii", TftpTransferMode.NetAscii)]
    [InlineData("mail", TftpTransferMode.Mail)]
    public void Mode_is_case_insensitive(string mode, TftpTransferMode expected)
    {
        byte[] bytes = [0, 1, (byte)'f', 0, .. Encoding.ASCII.GetBytes(mode), 0];

        Assert.Equal(expected, Parse<TftpRequestPacket>(bytes).Mode);
    }

    [Fact]
    public void Data_ack_error_and_oack_round_trip()
    {
        var data = Parse<TftpDataPacket>(TftpPacketWriter.Data(65535, [1, 2, 3]));
        Assert.Equal(65535, data.Block);
        Assert.Equal([1, 2, 3], data.Payload.ToArray());

        Assert.Equal(7, Parse<TftpAckPacket>(TftpPacketWriter.Ack(7)).Block);

        var error = Parse<TftpErrorPacket>(TftpPacketWriter.Error(TftpErrorCode.FileNotFound, "File not found"));
        Assert.Equal(TftpErrorCode.FileNotFound, error.Code);
        Assert.Equal("File not found", error.Message);

        var oack = Parse<TftpOptionAckPacket>(TftpPacketWriter.OptionAck([new("blksize", "512"), new("tsize", "100")]));
        Assert.Equal("100", oack.FindOption("tsize"));
    }

    [Fact]
    public void Empty_data_block_is_the_end_of_a_file_that_fills_its_last_block()
    {
        var data = Parse<TftpDataPacket>(TftpPacketWriter.Data(2, []));

        Assert.True(data.Payload.IsEmpty);
    }

    [Fact]
    public void Unknown_error_codes_are_kept()
    {
        byte[] bytes = [0, 5, 0, 42, (byte)'x', 0];

        Assert.Equal((TftpErrorCode)42, Parse<TftpErrorPacket>(bytes).Code);
    }

    public static TheoryData<byte[], TftpParseErrorKind, string> Malformed => new()
    {
        { [], TftpParseErrorKind.Truncated, "shorter than an opcode" },
        { [0], TftpParseErrorKind.Truncated, "shorter than an opcode" },
        { [0, 9, 1, 2], TftpParseErrorKind.UnknownOpcode, "unknown opcode 9" },
        { [0, 0], TftpParseErrorKind.UnknownOpcode, "unknown opcode 0" },
        { [0, 1, (byte)'f'], TftpParseErrorKind.UnterminatedString, "RRQ file name is not NUL-terminated" },
        { [0, 1, (byte)'f', 0, .. "octet"u8], TftpParseErrorKind.UnterminatedString, "RRQ mode is not NUL-terminated" },
        { [0, 1, 0, .. "octet"u8, 0], TftpParseErrorKind.InvalidString, "RRQ file name is empty" },
        { [0, 2, (byte)'f', 0, .. "binary"u8, 0], TftpParseErrorKind.UnknownMode, "WRQ mode 'binary' is not netascii, octet or mail" },
        { [0, 1, (byte)'f', 0xC3, 0x28, 0, .. "octet"u8, 0], TftpParseErrorKind.InvalidString, "not valid UTF-8" },
        { [0, 1, (byte)'f', 0x1B, 0, .. "octet"u8, 0], TftpParseErrorKind.InvalidString, "control character" },
        { [0, 1, (byte)'f', 0, .. "octet"u8, 0, .. "blksize"u8, 0], TftpParseErrorKind.InvalidOption, "option 'blksize' has no value" },
        { [0, 1, (byte)'f', 0, .. "octet"u8, 0, .. "blksize"u8, 0, .. "512"u8], TftpParseErrorKind.UnterminatedString, "value is not NUL-terminated" },
        { [0, 1, (byte)'f', 0, .. "octet"u8, 0, .. "tsize"u8, 0, (byte)'0', 0, .. "TSIZE"u8, 0, (byte)'0', 0], TftpParseErrorKind.InvalidOption, "appears twice" },
        { [0, 1, (byte)'f', 0, .. "octet"u8, 0, 0xFF, 0, (byte)'1', 0], TftpParseErrorKind.InvalidString, "not printable ASCII" },
        { [0, 3, 0], TftpParseErrorKind.Truncated, "DATA of 3 bytes has no block number" },
        { [0, 4, 0], TftpParseErrorKind.Truncated, "ACK of 3 bytes" },
        { [0, 4, 0, 1, 0], TftpParseErrorKind.TrailingBytes, "ACK carries 1 byte(s) after its block number" },
        { [0, 5, 0], TftpParseErrorKind.Truncated, "has no error code" },
        { [0, 5, 0, 1, (byte)'x'], TftpParseErrorKind.UnterminatedString, "ERROR message is not NUL-terminated" },
        { [0, 5, 0, 1, 0, 7], TftpParseErrorKind.TrailingBytes, "ERROR carries 1 byte(s) after its message" },
        { [0, 6], TftpParseErrorKind.InvalidOption, "OACK acknowledges no option" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_datagrams_become_typed_errors_naming_the_problem(byte[] datagram, TftpParseErrorKind kind, string fragment)
    {
        Assert.False(TftpPacketParser.TryParse(datagram, out var packet, out var error));
        Assert.Null(packet);
        Assert.Equal(kind, error.Kind);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_payload_beyond_the_rfc_2348_maximum_is_refused()
    {
        var datagram = new byte[4 + TftpLimits.MaxBlockSize + 1];
        datagram[1] = 3;

        Assert.False(TftpPacketParser.TryParse(datagram, out _, out var error));
        Assert.Equal(TftpParseErrorKind.Oversized, error.Kind);
    }

    [Fact]
    public void More_than_sixteen_options_are_refused()
    {
        var options = Enumerable.Range(0, 17).Select(i => new TftpOption($"x{i}", "1")).ToList();
        var bytes = TftpPacketWriter.Request(TftpOpcode.ReadRequest, "f", TftpTransferMode.Octet, options);

        Assert.False(TftpPacketParser.TryParse(bytes, out _, out var error));
        Assert.Contains("more than 16 options", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_datagrams_never_throw()
    {
        var random = new Random(1350);
        for (var i = 0; i < 20_000; i++)
        {
            var datagram = new byte[random.Next(0, 64)];
            random.NextBytes(datagram);
            if (datagram.Length >= 2)
            {
                // Mostly valid opcodes, so the deeper parsers get exercised too.
                datagram[0] = 0;
                datagram[1] = (byte)random.Next(0, 8);
            }

            var parsed = TftpPacketParser.TryParse(datagram, out var packet, out var error);

            Assert.True(parsed ? packet is not null && error is null : packet is null && error is not null);
        }
    }

    [Theory]
    [InlineData("1428", 8, 65464, null)]
    [InlineData("7", 8, 65464, "outside 8–65464")]
    [InlineData("65465", 8, 65464, "outside 8–65464")]
    [InlineData("-1", 8, 65464, "not a decimal number")]
    [InlineData(" 512", 8, 65464, "not a decimal number")]
    [InlineData("1e3", 8, 65464, "not a decimal number")]
    [InlineData("99999999999999999999999", 0, long.MaxValue, "not a decimal number")]
    [InlineData("", 0, 10, "empty value")]
    public void Option_numbers_are_plain_decimals_within_range(string value, long min, long max, string? problem)
    {
        var error = TftpOptionList.TryParseNumber("blksize", value, min, max, out _);

        if (problem is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(problem, error, StringComparison.Ordinal);
        }
    }

    private static T Parse<T>(byte[] bytes)
        where T : TftpPacket
    {
        Assert.True(TftpPacketParser.TryParse(bytes, out var packet, out var error), error?.Message);
        return Assert.IsType<T>(packet);
    }
}
