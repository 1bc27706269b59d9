using TR069Acs.Provisioning.Tests.Tftp;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>Issue 16 §1: no client can hold TFTP transfer slots for long — a negotiated timeout is at most 5 s, one
/// address holds a bounded number of transfers, and every transfer has a total lifetime.</summary>
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
}
