using System.Text;
using TR069Acs.Provisioning.Tests.Tftp;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>Hostile and broken datagrams: each gets the right ERROR (or none), and the server keeps serving.</summary>
public sealed class TftpServerBadInputTests
{
    private static byte[] Rrq(string name, params (string Name, string Value)[] options) =>
        TftpPacketWriter.Request(TftpOpcode.ReadRequest, name, TftpTransferMode.Octet, [.. options.Select(o => new TftpOption(o.Name, o.Value))]);

    public static TheoryData<string, byte[], TftpErrorCode, string> Refusals => new()
    {
        { "write request", TftpPacketWriter.Request(TftpOpcode.WriteRequest, "x.cfg", TftpTransferMode.Octet), TftpErrorCode.AccessViolation, "read-only server" },
        { "parent traversal", Rrq("../etc/passwd"), TftpErrorCode.AccessViolation, "leaves the served directory" },
        { "inner traversal", Rrq("cfg/../../etc/shadow"), TftpErrorCode.AccessViolation, "leaves the served directory" },
        { "absolute path", Rrq("/etc/passwd"), TftpErrorCode.AccessViolation, "absolute path" },
        { "double slash", Rrq("//server/share"), TftpErrorCode.AccessViolation, "absolute path" },
        { "drive letter", Rrq("C:/boot.ini"), TftpErrorCode.AccessViolation, "drive letter" },
        { "backslash", Rrq("cfg\\..\\..\\x"), TftpErrorCode.AccessViolation, "backslash" },
        { "empty segment", Rrq("cfg//a"), TftpErrorCode.AccessViolation, "empty or '.' path segment" },
        { "embedded NUL", [0, 1, .. "a.cfg"u8, 0, .. "../../x"u8, 0, .. "octet"u8, 0], TftpErrorCode.IllegalOperation, "mode '../../x'" },
        { "control character", [0, 1, .. "a\u0007.cfg"u8, 0, .. "octet"u8, 0], TftpErrorCode.IllegalOperation, "control character" },
        { "mail mode", TftpPacketWriter.Request(TftpOpcode.ReadRequest, "x", TftpTransferMode.Mail), TftpErrorCode.IllegalOperation, "mail mode" },
        { "unknown opcode", [0, 42, 1, 2, 3], TftpErrorCode.IllegalOperation, "unknown opcode 42" },
        { "opcode zero", [0, 0], TftpErrorCode.IllegalOperation, "unknown opcode 0" },
        { "single byte", [1], TftpErrorCode.IllegalOperation, "shorter than an opcode" },
        { "unterminated name", [0, 1, .. "abc"u8], TftpErrorCode.IllegalOperation, "file name is not NUL-terminated" },
        { "option without value", [0, 1, .. "a"u8, 0, .. "octet"u8, 0, .. "blksize"u8, 0], TftpErrorCode.IllegalOperation, "has no value" },
        { "oversized request", Rrq("a", ("x-padding", new string('p', 600))), TftpErrorCode.IllegalOperation, "exceeds the 512 octets" },
        { "block size too small", Rrq("a", ("blksize", "4")), TftpErrorCode.OptionNegotiationFailed, "outside 8–65464" },
        { "block size too large", Rrq("a", ("blksize", "65465")), TftpErrorCode.OptionNegotiationFailed, "outside 8–65464" },
        { "oversized option value", Rrq("a", ("blksize", "99999999999999999999999999")), TftpErrorCode.OptionNegotiationFailed, "not a decimal number" },
        { "timeout zero", Rrq("a", ("timeout", "0")), TftpErrorCode.OptionNegotiationFailed, "outside 1–255" },
        { "timeout too long", Rrq("a", ("timeout", "256")), TftpErrorCode.OptionNegotiationFailed, "outside 1–255" },
        { "negative tsize", Rrq("a", ("tsize", "-1")), TftpErrorCode.OptionNegotiationFailed, "not a decimal number" },
        { "ACK on the request port", TftpPacketWriter.Ack(1), TftpErrorCode.UnknownTransferId, "unknown transfer ID" },
        { "DATA on the request port", TftpPacketWriter.Data(1, [1]), TftpErrorCode.UnknownTransferId, "unknown transfer ID" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_request_gets_the_right_error_and_the_server_keeps_serving(string what, byte[] datagram, TftpErrorCode code, string message)
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("after.cfg", 700, 1);
        using var peer = new ScriptedUdpPeer();

        await peer.SendAsync(datagram, server.EndPoint);
        var (error, from) = await peer.ReceiveAsync<TftpErrorPacket>();

        Assert.True(code == error.Code, $"{what}: expected {code}, got {error.Code} '{error.Message}'");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(server.EndPoint, from);
        Assert.Empty(server.Source.Requested);
        await AssertStillServesAsync(server, content);
    }

    [Fact]
    public async Task Error_packets_are_never_answered()
    {
        await using var server = new TftpServerFixture();
        using var peer = new ScriptedUdpPeer();

        await peer.SendAsync(TftpPacketWriter.Error(TftpErrorCode.NotDefined, "hello"), server.EndPoint);
        await peer.SendAsync([0, 5, 0], server.EndPoint);

        Assert.True(await peer.IsQuietAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Random_garbage_flood_never_stops_the_server()
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("after.cfg", 3000, 2);
        using var peer = new ScriptedUdpPeer();
        var random = new Random(2347);

        for (var i = 0; i < 2000; i++)
        {
            var datagram = new byte[random.Next(0, 700)];
            random.NextBytes(datagram);
            if (datagram.Length > 1 && i % 2 == 0)
            {
                datagram[0] = 0;
                datagram[1] = (byte)random.Next(0, 7);
            }

            await peer.SendAsync(datagram, server.EndPoint);
        }

        await AssertStillServesAsync(server, content);
        Assert.True(server.Server.Statistics.MalformedPackets > 0);
    }

    [Fact]
    public async Task Unknown_options_are_ignored_as_rfc_2347_requires()
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("a.cfg", 10, 3);
        using var peer = new ScriptedUdpPeer();

        await peer.SendAsync(Rrq("a.cfg", ("windowsize", "16"), ("x-vendor", "1"), ("blksize", "1024")), server.EndPoint);
        var (oack, tid) = await peer.ReceiveAsync<TftpOptionAckPacket>();
        await peer.SendAsync(TftpPacketWriter.Ack(0), tid);
        var (data, _) = await peer.ReceiveAsync<TftpDataPacket>();
        await peer.SendAsync(TftpPacketWriter.Ack(1), tid);

        Assert.Equal([new TftpOption("blksize", "1024")], oack.Options);
        Assert.Equal(content, data.Payload.ToArray());
    }

    [Fact]
    public async Task Each_transfer_answers_from_its_own_port()
    {
        await using var server = new TftpServerFixture();
        server.Add("a.cfg", 10, 3);
        using var peer = new ScriptedUdpPeer();

        await peer.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, tid) = await peer.ReceiveAsync<TftpDataPacket>();
        await peer.SendAsync(TftpPacketWriter.Ack(1), tid);

        // RFC 1350 §4: the server's TID is a new port, not the request port.
        Assert.NotEqual(server.Port, tid.Port);
        Assert.Equal(server.EndPoint.Address, tid.Address);
    }

    [Fact]
    public async Task Stranger_on_a_transfer_port_gets_error_5_and_the_transfer_continues()
    {
        await using var server = new TftpServerFixture();
        var content = server.Add("a.cfg", 600, 4);
        using var client = new ScriptedUdpPeer();
        using var stranger = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (first, tid) = await client.ReceiveAsync<TftpDataPacket>();
        await stranger.SendAsync(TftpPacketWriter.Ack(1), tid);
        var (error, _) = await stranger.ReceiveAsync<TftpErrorPacket>();
        var firstBytes = first.Payload.ToArray();
        await client.SendAsync(TftpPacketWriter.Ack(1), tid);
        var (second, _) = await client.ReceiveAsync<TftpDataPacket>();
        await client.SendAsync(TftpPacketWriter.Ack(2), tid);

        Assert.Equal(TftpErrorCode.UnknownTransferId, error.Code);
        Assert.Equal(content, firstBytes.Concat(second.Payload.ToArray()).ToArray());
    }

    [Fact]
    public async Task Garbage_from_the_client_mid_transfer_ends_it_with_error_4()
    {
        await using var server = new TftpServerFixture();
        server.Add("a.cfg", 2000, 5);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, tid) = await client.ReceiveAsync<TftpDataPacket>();
        await client.SendAsync([0, 4, 0], tid);
        var (error, _) = await client.ReceiveAsync<TftpErrorPacket>();

        Assert.Equal(TftpErrorCode.IllegalOperation, error.Code);
        Assert.Contains("malformed packet: ACK of 3 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(500)), "the transfer went on after the error");
    }

    [Fact]
    public async Task Oversized_datagram_on_a_transfer_port_ends_it_with_error_4()
    {
        await using var server = new TftpServerFixture();
        server.Add("a.cfg", 2000, 5);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, tid) = await client.ReceiveAsync<TftpDataPacket>();
        await client.SendAsync(new byte[4000], tid);
        var (error, _) = await client.ReceiveAsync<TftpErrorPacket>();

        Assert.Equal(TftpErrorCode.IllegalOperation, error.Code);
        Assert.Contains("packet larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_client_gets_the_first_block_at_most_twice_not_six_times_then_is_abandoned()
    {
        // Issue 16 §1: a request's source may be forged; until the client acknowledges something the first packet is sent
        // 1 + FirstPacketRetries (1) times, not 1 + MaxRetries (5): a 38-byte request no longer draws 6 × 516 bytes.
        await using var server = new TftpServerFixture(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(100);
            o.MaxRetries = 5;
        });
        server.Add("a.cfg", 100, 6);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        // First the server gives up (a state, however slow the machine); by then every copy it sent is in the
        // client's socket buffer, and reading them takes no timing.
        await WaitUntilAsync(() => server.Server.Statistics.TransfersTimedOut == 1);
        var copies = new List<TftpDataPacket>();
        while (await ReceiveOrNullAsync(client) is { } copy)
        {
            copies.Add(copy);
        }

        Assert.Equal(2, copies.Count);
        Assert.All(copies, d => Assert.Equal(1, d.Block));
        Assert.Equal(1, server.Server.Statistics.Retransmissions);
        Assert.Equal(0, server.Server.Statistics.ActiveTransfers);
    }

    [Fact]
    public async Task Duplicate_ack_does_not_trigger_a_retransmission()
    {
        await using var server = new TftpServerFixture(o => o.Timeout = TimeSpan.FromSeconds(5));
        server.Add("a.cfg", 1500, 7);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, tid) = await client.ReceiveAsync<TftpDataPacket>();
        await client.SendAsync(TftpPacketWriter.Ack(1), tid);
        var (second, _) = await client.ReceiveAsync<TftpDataPacket>();
        await client.SendAsync(TftpPacketWriter.Ack(1), tid);

        // RFC 1123 §4.2.3.1 (Sorcerer's Apprentice): the duplicate ACK 1 must not resend block 2.
        Assert.Equal(2, second.Block);
        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(500)));
        await client.SendAsync(TftpPacketWriter.Ack(2), tid);
        Assert.Equal(3, (await client.ReceiveAsync<TftpDataPacket>()).Packet.Block);
    }

    [Fact]
    public async Task Retransmitted_request_does_not_start_a_second_transfer()
    {
        await using var server = new TftpServerFixture(o => o.Timeout = TimeSpan.FromSeconds(5));
        server.Add("a.cfg", 10, 8);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, tid) = await client.ReceiveAsync<TftpDataPacket>();
        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);

        Assert.True(await client.IsQuietAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(1, server.Server.Statistics.TransfersStarted);
        Assert.Equal(1, server.Server.Statistics.DuplicateRequests);
        await client.SendAsync(TftpPacketWriter.Ack(1), tid);
    }

    [Fact]
    public async Task Requests_beyond_the_concurrency_bound_are_refused_busy()
    {
        await using var server = new TftpServerFixture(o =>
        {
            o.MaxConcurrentTransfers = 2;
            o.Timeout = TimeSpan.FromSeconds(5);
        });
        var content = server.Add("a.cfg", 1000, 9);
        using var first = new ScriptedUdpPeer();
        using var second = new ScriptedUdpPeer();
        using var third = new ScriptedUdpPeer();

        await first.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, firstTid) = await first.ReceiveAsync<TftpDataPacket>();
        await second.SendAsync(Rrq("a.cfg"), server.EndPoint);
        await second.ReceiveAsync<TftpDataPacket>();
        await third.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (busy, _) = await third.ReceiveAsync<TftpErrorPacket>();

        Assert.Equal(TftpErrorCode.NotDefined, busy.Code);
        Assert.Contains("server busy", busy.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Server.Statistics.RefusedBusy);

        // The first client ends its transfer with an ERROR: its slot frees up.
        await first.SendAsync(TftpPacketWriter.Error(TftpErrorCode.NotDefined, "bye"), firstTid);
        await WaitUntilAsync(() => server.Server.Statistics.ActiveTransfers < 2);
        await AssertStillServesAsync(server, content, "a.cfg");
    }

    [Fact]
    public async Task Stop_ends_transfers_in_progress()
    {
        var server = new TftpServerFixture(o => o.Timeout = TimeSpan.FromSeconds(30));
        server.Add("a.cfg", 1000, 10);
        using var client = new ScriptedUdpPeer();
        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        await client.ReceiveAsync<TftpDataPacket>();

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await server.Server.StopAsync(bounded.Token);

        Assert.Equal(0, server.Server.Statistics.ActiveTransfers);
        await server.DisposeAsync();
    }

    private static async Task<TftpDataPacket?> ReceiveOrNullAsync(ScriptedUdpPeer client)
    {
        try
        {
            return (await client.ReceiveAsync<TftpDataPacket>(TimeSpan.FromMilliseconds(800))).Packet;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static async Task AssertStillServesAsync(TftpServerFixture server, byte[] content, string name = "after.cfg")
    {
        var result = await TftpClient.DownloadAsync("127.0.0.1", server.Port, name,
            new TftpClientOptions { Timeout = TimeSpan.FromSeconds(1), Retries = 3 });

        Assert.True(result.Succeeded, $"server stopped serving: {result}");
        Assert.Equal(content, result.Content);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "condition not reached within 5 s");
    }
}
