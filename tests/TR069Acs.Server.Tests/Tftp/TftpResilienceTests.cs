using TR069Acs.Provisioning.Tests.Tftp;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>Issue 16 §1: no client can hold TFTP transfer slots for long — a negotiated timeout is at most 5 s, one
/// address holds a bounded number of transfers and starts new ones at a bounded rate, every transfer has a total
/// lifetime, and a peer that never answers draws little.</summary>
public sealed class TftpResilienceTests
{
    private static byte[] Rrq(string name, params (string Name, string Value)[] options) =>
        TftpPacketWriter.Request(TftpOpcode.ReadRequest, name, TftpTransferMode.Octet, [.. options.Select(o => new TftpOption(o.Name, o.Value))]);

    [Fact]
    public async Task A_timeout_over_5_s_is_not_acknowledged_and_a_silent_client_frees_its_slot_on_the_server_default()
    {
        await using var server = new TftpServerFixture(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.MaxRetries = 1;
        });
        server.Add("a.cfg", 2000, 1);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg", ("timeout", "255"), ("blksize", "512")), server.EndPoint);
        var (oack, _) = await client.ReceiveAsync<TftpOptionAckPacket>();

        Assert.DoesNotContain(oack.Options, o => o.Name.Equals("timeout", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(oack.Options, o => o.Name == "blksize" && o.Value == "512");
        // Never acknowledged: with 255 s the slot would be held for minutes; with the 1 s default it goes in seconds.
        await Eventually.TrueAsync(() => server.Server.Statistics.ActiveTransfers == 0, "the silent client's transfer to end", seconds: 15);
    }

    [Fact]
    public async Task A_timeout_of_at_most_5_s_is_acknowledged_as_asked()
    {
        await using var server = new TftpServerFixture();
        server.Add("a.cfg", 2000, 2);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg", ("timeout", "5")), server.EndPoint);
        var (oack, tid) = await client.ReceiveAsync<TftpOptionAckPacket>();

        Assert.Contains(oack.Options, o => o.Name == "timeout" && o.Value == "5");
        await client.SendAsync(TftpPacketWriter.Error(TftpErrorCode.NotDefined, "bye"), tid);
    }

    [Fact]
    public async Task One_address_holds_at_most_its_transfer_cap_and_the_next_is_refused_busy()
    {
        await using var server = new TftpServerFixture(o => o.MaxTransfersPerAddress = 2);
        var content = server.Add("a.cfg", 1000, 3);
        using var first = new ScriptedUdpPeer();
        using var second = new ScriptedUdpPeer();
        using var third = new ScriptedUdpPeer();

        await first.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, firstTid) = await first.ReceiveAsync<TftpDataPacket>();
        await second.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (_, secondTid) = await second.ReceiveAsync<TftpDataPacket>();
        await third.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (busy, _) = await third.ReceiveAsync<TftpErrorPacket>();

        Assert.Equal(TftpErrorCode.NotDefined, busy.Code);
        Assert.Contains("transfers in progress for this address", busy.Message, StringComparison.Ordinal);

        // A slot of that address frees up: the next request from it is served.
        await first.SendAsync(TftpPacketWriter.Error(TftpErrorCode.NotDefined, "bye"), firstTid);
        await Eventually.TrueAsync(() => server.Server.Statistics.ActiveTransfers < 2, "the first transfer to end");
        await third.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (data, _) = await third.ReceiveAsync<TftpDataPacket>();
        Assert.Equal(content.Take(512), data.Payload.ToArray());
        await second.SendAsync(TftpPacketWriter.Error(TftpErrorCode.NotDefined, "bye"), secondTid);
    }

    [Fact]
    public async Task A_transfer_ends_at_its_lifetime_however_it_is_acknowledged()
    {
        await using var server = new TftpServerFixture(o => o.MaxTransferLifetime = TimeSpan.FromSeconds(2));
        server.Add("big.bin", 512 * 1000, 4);
        using var client = new ScriptedUdpPeer();

        // A slow-drip client: acknowledges every block, but slowly, so a 1,000-block file would take minutes.
        await client.SendAsync(Rrq("big.bin"), server.EndPoint);
        TftpErrorPacket? ended = null;
        for (var i = 0; i < 200 && ended is null; i++)
        {
            var received = await client.ReceiveAsync();
            if (received.Packet is TftpDataPacket data)
            {
                await Task.Delay(100);
                await client.SendAsync(TftpPacketWriter.Ack(data.Block), received.From);
            }
            else
            {
                ended = Assert.IsType<TftpErrorPacket>(received.Packet);
            }
        }

        Assert.NotNull(ended);
        Assert.Contains("longer than the server allows", ended.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => server.Server.Statistics.ActiveTransfers == 0, "the transfer slot to be freed");
    }

    [Fact]
    public async Task Once_the_client_has_answered_a_lost_block_gets_the_full_retry_budget()
    {
        await using var server = new TftpServerFixture(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(100);
            o.MaxRetries = 3;
        });
        server.Add("a.cfg", 1000, 5);
        using var client = new ScriptedUdpPeer();

        await client.SendAsync(Rrq("a.cfg"), server.EndPoint);
        var (first, tid) = await client.ReceiveAsync<TftpDataPacket>();
        await client.SendAsync(TftpPacketWriter.Ack(first.Block), tid);
        // Silent from here: block 2 goes out 1 + MaxRetries times (a proven client may just be on a lossy line).
        await Eventually.TrueAsync(() => server.Server.Statistics.TransfersTimedOut == 1, "the transfer to be abandoned");
        // By then every copy is in the client's socket buffer: reading them takes no timing.
        var copies = 0;
        while (true)
        {
            ScriptedUdpPeer.Received received;
            try
            {
                received = await client.ReceiveAsync(TimeSpan.FromMilliseconds(800));
            }
            catch (TimeoutException)
            {
                break;
            }
            copies += received.Packet is TftpDataPacket { Block: 2 } ? 1 : 0;
        }

        Assert.Equal(4, copies);
    }

    [ExternalToolFact(ExternalTool.Tftp)]
    public async Task A_flood_of_new_transfers_from_one_address_is_cut_to_its_rate_and_the_real_tftp_client_elsewhere_gets_its_file()
    {
        await using var server = new TftpServerFixture(o =>
        {
            o.NewTransferBurstPerAddress = 5;
            o.NewTransfersPerSecondPerAddress = 0.001;   // no refill within the test
            o.Timeout = TimeSpan.FromSeconds(5);
        });
        var content = server.Add("a.cfg", 3000, 6);
        var flooders = Enumerable.Range(0, 100).Select(_ => new System.Net.Sockets.Socket(
            System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp)).ToList();
        try
        {
            foreach (var socket in flooders)
            {
                socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.2"), 0));
                await socket.SendToAsync(Rrq("a.cfg", ("timeout", "255")), server.EndPoint);
            }
            await Eventually.TrueAsync(() => server.Server.Statistics.DatagramsReceived >= 100, "the 100 requests from 127.0.0.2 to arrive");

            Assert.Equal(5, server.Server.Statistics.TransfersStarted);
            Assert.Equal(95, server.Server.Statistics.RateLimited);
            // Dropped unanswered: a forged source gets nothing back for them (each of the 5 started got its first block).
            var answered = 0;
            foreach (var socket in flooders)
            {
                answered += socket.Available > 0 ? 1 : 0;
            }
            Assert.True(answered <= 5, $"{answered} flooding sockets got an answer");

            var output = Path.Combine(Path.GetTempPath(), $"tftp-rate-{Guid.NewGuid():N}.cfg");
            try
            {
                var (exit, text) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-m", "binary", "-c", "get", "a.cfg", output);
                Assert.True(exit == 0 && File.Exists(output), $"tftp exited {exit}: {text}");
                Assert.Equal(content, await File.ReadAllBytesAsync(output));
            }
            finally
            {
                File.Delete(output);
            }
        }
        finally
        {
            flooders.ForEach(s => s.Dispose());
        }
    }
}
