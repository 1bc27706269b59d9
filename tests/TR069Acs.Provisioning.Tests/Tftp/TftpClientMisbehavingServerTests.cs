using System.Net;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Provisioning.Tests.Tftp;

/// <summary>Our client against a scripted server on a real UDP socket that stalls, lies and sends garbage.</summary>
public sealed class TftpClientMisbehavingServerTests
{
    private static readonly TftpClientOptions Fast = new()
    {
        BlockSize = 512,
        RequestTransferSize = false,
        Timeout = TimeSpan.FromMilliseconds(150),
        Retries = 3,
    };

    // For scripts that are not about timeouts: no retransmission may cut in while the script runs on a busy machine.
    private static readonly TftpClientOptions Patient = Fast with { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Silent_server_times_out_after_the_configured_retransmissions()
    {
        using var server = new ScriptedUdpPeer();

        var download = Download(server, "stall.cfg", Fast);
        for (var copy = 0; copy <= Fast.Retries; copy++)
        {
            var (request, _) = await server.ReceiveAsync<TftpRequestPacket>();
            Assert.Equal("stall.cfg", request.FileName);
        }

        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(TftpDownloadOutcome.Timeout, result.Outcome);
        Assert.Equal(Fast.Retries, result.Statistics.Retransmissions);
        Assert.Contains("no answer", result.Message, StringComparison.Ordinal);
        Assert.True(await server.IsQuietAsync(TimeSpan.FromMilliseconds(300)), "the client kept sending after giving up");
    }

    [Fact]
    public async Task Server_that_stalls_mid_transfer_times_out_naming_the_block()
    {
        using var server = new ScriptedUdpPeer();
        using var tid = new ScriptedUdpPeer();

        var download = Download(server, "half.cfg", Fast);
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await tid.SendAsync(new TftpDataPacket(1, new byte[512]), client);
        for (var copy = 0; copy <= Fast.Retries; copy++)
        {
            var (ack, _) = await tid.ReceiveAsync<TftpAckPacket>();
            Assert.Equal(1, ack.Block);
        }

        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(TftpDownloadOutcome.Timeout, result.Outcome);
        Assert.Equal(Fast.Retries, result.Statistics.Retransmissions);
        Assert.Contains("stalled after block 1", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0, 9, 1, 2, 3 }, "unknown opcode 9")]
    [InlineData(new byte[] { 7 }, "shorter than an opcode")]
    [InlineData(new byte[] { 0, 5, 0, 1, (byte)'x' }, "ERROR message is not NUL-terminated")]
    [InlineData(new byte[] { 0, 4, 0, 1 }, "unexpected ACK")]
    public async Task Garbage_from_the_server_is_a_typed_protocol_error_and_is_reported_back(byte[] garbage, string problem)
    {
        using var server = new ScriptedUdpPeer();

        var download = Download(server, "garbage.cfg", Patient);
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(garbage, client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(TftpDownloadOutcome.ProtocolError, result.Outcome);
        Assert.Contains(problem, result.Message, StringComparison.Ordinal);
        var (error, _) = await server.ReceiveAsync<TftpErrorPacket>();
        Assert.Equal(TftpErrorCode.IllegalOperation, error.Code);
    }

    [Fact]
    public async Task Data_larger_than_the_block_size_is_a_protocol_error()
    {
        using var server = new ScriptedUdpPeer();

        var download = Download(server, "big.cfg", Patient);
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpDataPacket(1, new byte[600]), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(TftpDownloadOutcome.ProtocolError, result.Outcome);
        Assert.Contains("larger than", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_data_is_acknowledged_again_but_stored_once()
    {
        using var server = new ScriptedUdpPeer();
        var first = Filled(512, 0xA1);
        var last = Filled(100, 0xB2);

        var download = Download(server, "dup.cfg", Patient);
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpDataPacket(1, first), client);
        Assert.Equal(1, (await server.ReceiveAsync<TftpAckPacket>()).Packet.Block);
        await server.SendAsync(new TftpDataPacket(1, first), client);
        Assert.Equal(1, (await server.ReceiveAsync<TftpAckPacket>()).Packet.Block);
        await server.SendAsync(new TftpDataPacket(2, last), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(first.Concat(last).ToArray(), result.Content);
        Assert.Equal(1, result.Statistics.DuplicatePackets);
    }

    [Fact]
    public async Task Block_from_the_future_is_dropped_until_its_turn()
    {
        using var server = new ScriptedUdpPeer();
        var first = Filled(512, 1);
        var second = Filled(3, 2);

        var download = Download(server, "order.cfg", Patient);
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpDataPacket(2, second), client);
        await server.SendAsync(new TftpDataPacket(1, first), client);
        Assert.Equal(1, (await server.ReceiveAsync<TftpAckPacket>()).Packet.Block);
        await server.SendAsync(new TftpDataPacket(2, second), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(first.Concat(second).ToArray(), result.Content);
        Assert.Equal(1, result.Statistics.OutOfOrderPackets);
    }

    [Fact]
    public async Task Server_that_ignores_options_is_read_in_512_byte_blocks()
    {
        using var server = new ScriptedUdpPeer();
        var content = Filled(700, 7);

        var download = Download(server, "old.cfg", Patient with { BlockSize = 1428, RequestTransferSize = true });
        var (request, client) = await server.ReceiveAsync<TftpRequestPacket>();
        Assert.Equal("1428", request.FindOption("blksize"));
        Assert.Equal("0", request.FindOption("tsize"));
        await server.SendAsync(new TftpDataPacket(1, content.AsMemory(0, 512)), client);
        await server.ReceiveAsync<TftpAckPacket>();
        await server.SendAsync(new TftpDataPacket(2, content.AsMemory(512)), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(content, result.Content);
        Assert.Equal(512, result.Statistics.BlockSize);
        Assert.False(result.Statistics.OptionsAcknowledged);
    }

    [Fact]
    public async Task Options_refused_with_error_8_are_dropped_and_the_request_repeated()
    {
        using var server = new ScriptedUdpPeer();

        var download = Download(server, "strict.cfg", Patient with { BlockSize = 1428 });
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpErrorPacket(TftpErrorCode.OptionNegotiationFailed, "no options here"), client);
        var (plain, _) = await server.ReceiveAsync<TftpRequestPacket>();
        Assert.Empty(plain.Options);
        await server.SendAsync(new TftpDataPacket(1, "ok"u8.ToArray()), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("ok"u8.ToArray(), result.Content);
        Assert.True(result.Statistics.FellBackToPlainTransfer);
    }

    [Fact]
    public async Task Negotiated_block_size_and_transfer_size_are_used()
    {
        using var server = new ScriptedUdpPeer();
        using var tid = new ScriptedUdpPeer();
        var content = Filled(1000 + 1000 + 10, 9);

        var download = Download(server, "neg.cfg", Patient with { BlockSize = 1428, RequestTransferSize = true });
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();

        // RFC 2348: the server may lower the block size.
        await tid.SendAsync(new TftpOptionAckPacket([new("blksize", "1000"), new("tsize", "2010")]), client);
        Assert.Equal(0, (await tid.ReceiveAsync<TftpAckPacket>()).Packet.Block);
        for (ushort block = 1; block <= 3; block++)
        {
            var start = (block - 1) * 1000;
            await tid.SendAsync(new TftpDataPacket(block, content.AsMemory(start, Math.Min(1000, content.Length - start))), client);
            Assert.Equal(block, (await tid.ReceiveAsync<TftpAckPacket>()).Packet.Block);
        }

        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(content, result.Content);
        Assert.Equal(1000, result.Statistics.BlockSize);
        Assert.Equal(2010, result.Statistics.TransferSize);
    }

    [Theory]
    [InlineData("blksize", "2000", "outside 8–1428")]
    [InlineData("blksize", "abc", "not a decimal number")]
    [InlineData("windowsize", "4", "'windowsize' that was not requested")]
    public async Task Unacceptable_oack_is_refused_with_error_8(string name, string value, string problem)
    {
        using var server = new ScriptedUdpPeer();

        var download = Download(server, "oack.cfg", Patient with { BlockSize = 1428 });
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpOptionAckPacket([new(name, value)]), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(TftpDownloadOutcome.ProtocolError, result.Outcome);
        Assert.Contains(problem, result.Message, StringComparison.Ordinal);
        var (error, _) = await server.ReceiveAsync<TftpErrorPacket>();
        Assert.Equal(TftpErrorCode.OptionNegotiationFailed, error.Code);
    }

    [Fact]
    public async Task File_growing_past_the_limit_without_tsize_is_cut_off()
    {
        using var server = new ScriptedUdpPeer();

        var download = Download(server, "endless.cfg", Patient with { MaxBytes = 1000 });
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpDataPacket(1, new byte[512]), client);
        await server.ReceiveAsync<TftpAckPacket>();
        await server.SendAsync(new TftpDataPacket(2, new byte[512]), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(TftpDownloadOutcome.TooLarge, result.Outcome);
        var (error, _) = await server.ReceiveAsync<TftpErrorPacket>();
        Assert.Equal(TftpErrorCode.DiskFull, error.Code);
    }

    [Fact]
    public async Task Stranger_port_gets_error_5_and_the_transfer_carries_on()
    {
        using var server = new ScriptedUdpPeer();
        using var stranger = new ScriptedUdpPeer();

        var download = Download(server, "tid.cfg", Patient);
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpDataPacket(1, new byte[512]), client);
        await server.ReceiveAsync<TftpAckPacket>();
        await stranger.SendAsync(new TftpDataPacket(2, "evil"u8.ToArray()), client);
        var (error, _) = await stranger.ReceiveAsync<TftpErrorPacket>();
        await server.SendAsync(new TftpDataPacket(2, "good"u8.ToArray()), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(TftpErrorCode.UnknownTransferId, error.Code);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("good"u8.ToArray(), result.Content.AsSpan(512).ToArray());
    }

    [Theory]
    [InlineData(TftpErrorCode.FileNotFound, TftpDownloadOutcome.NotFound)]
    [InlineData(TftpErrorCode.AccessViolation, TftpDownloadOutcome.ServerError)]
    [InlineData(TftpErrorCode.NotDefined, TftpDownloadOutcome.ServerError)]
    public async Task Server_errors_keep_their_code_and_text(TftpErrorCode code, TftpDownloadOutcome outcome)
    {
        using var server = new ScriptedUdpPeer();

        var download = Download(server, "err.cfg", Patient);
        var (_, client) = await server.ReceiveAsync<TftpRequestPacket>();
        await server.SendAsync(new TftpErrorPacket(code, "told you so"), client);
        var result = await Bounded.WithinAsync(download, "the TFTP download to end", 60);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(code, result.ServerErrorCode);
        Assert.Contains("told you so", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_ends_the_download_promptly()
    {
        using var server = new ScriptedUdpPeer();
        using var cancel = new CancellationTokenSource();

        var download = TftpClient.DownloadAsync("127.0.0.1", server.Port, "slow.cfg", Fast with { Timeout = TimeSpan.FromSeconds(30) }, cancel.Token);
        await server.ReceiveAsync<TftpRequestPacket>();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);
    }

    [Fact]
    public async Task Unresolvable_host_is_a_network_error()
    {
        var result = await TftpClient.DownloadAsync("no-such-host.invalid", 69, "x.cfg", Fast);

        Assert.Equal(TftpDownloadOutcome.NetworkError, result.Outcome);
    }

    private static Task<TftpDownloadResult> Download(ScriptedUdpPeer server, string name, TftpClientOptions options) =>
        TftpClient.DownloadAsync(IPAddress.Loopback.ToString(), server.Port, name, options);

    private static byte[] Filled(int count, byte value) => Enumerable.Repeat(value, count).ToArray();
}
