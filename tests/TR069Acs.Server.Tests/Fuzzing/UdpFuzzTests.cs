using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using TR069Acs.Provisioning.Tftp;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Fuzzing;

/// <summary>Mutated and random datagrams sprayed at the running ACS's TFTP and syslog ports: both keep serving, and a
/// real TFTP read and a real syslog message afterwards are handled as usual.</summary>
public sealed class UdpFuzzTests
{
    private static readonly byte[][] TftpSeeds =
    [
        TftpPacketWriter.Request(TftpOpcode.ReadRequest, $"cfg/{ConfigApi.Mac}.xml", TftpTransferMode.Octet,
            [new TftpOption(TftpOption.BlockSize, "1428"), new TftpOption(TftpOption.TransferSize, "0"), new TftpOption(TftpOption.Timeout, "1")]),
        TftpPacketWriter.Request(TftpOpcode.WriteRequest, "upload.bin", TftpTransferMode.Octet),
        TftpPacketWriter.Ack(1),
        TftpPacketWriter.Error(TftpErrorCode.AccessViolation, "no"),
    ];

    private static readonly byte[][] SyslogSeeds =
    [
        Encoding.UTF8.GetBytes($"<134>Dec  6 05:00:00 10.0.0.9 CP-8841-3PCC {ConfigApi.Mac} -- Requesting resync http://10.0.0.1/cfg/x.cfg"),
        Encoding.UTF8.GetBytes("<11>1 2026-12-06T05:00:00Z host app 1 ID [a b=\"c\"] Resync failed: 404"),
    ];

    [Fact]
    public async Task Hostile_datagrams_leave_TFTP_and_syslog_serving()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":"after the storm"}""");
        var tftp = acs.App.GetTftpEndPoint()!;
        var syslog = acs.App.GetSyslogEndPoint()!;
        using var socket = new UdpClient(AddressFamily.InterNetwork);
        byte[][] tokens = [[0], [0, 1], [0, 4], [0xFF, 0xFF], "octet"u8.ToArray(), "blksize"u8.ToArray(), "<999>"u8.ToArray(), "\n"u8.ToArray()];
        var datagrams = Gen.Select(Gen.OneOf(Fuzz.Mutated(TftpSeeds, tokens), Fuzz.Mutated(SyslogSeeds, tokens), Gen.Byte.Array[0, 1400]), Gen.Bool);

        await Fuzz.CheckAsync(datagrams, async input =>
        {
            var (datagram, toTftp) = input;
            await socket.SendAsync(datagram, toTftp ? tftp : syslog);
        }, iterations: 3000, print: i => $"{(i.Item2 ? "tftp" : "syslog")} {Convert.ToHexString(i.Item1)}");

        var read = await TftpClient.DownloadAsync("127.0.0.1", tftp.Port, $"cfg/{ConfigApi.Mac}.xml");
        Assert.True(read.Succeeded, read.ToString());
        Assert.Contains("after the storm", Encoding.UTF8.GetString(read.Content!), StringComparison.Ordinal);

        // A message only this test sends, naming the device: it is stored once the receiver has worked through the storm.
        var marker = $"fuzz-marker-{Guid.NewGuid():N}";
        await socket.SendAsync(Encoding.UTF8.GetBytes($"<134>Mar  9 08:15:02 {ConfigApi.Mac} {marker}"), new IPEndPoint(IPAddress.Loopback, syslog.Port));
        await TestAcs.EventuallyAsync(async () => (await acs.SendJsonAsync(HttpMethod.Get, $"api/devices/{ConfigApi.DeviceId}/logs?limit=1000")).Body?.ToJsonString()
            .Contains(marker, StringComparison.Ordinal) == true, "the syslog message sent after the hostile datagrams to be stored");
    }
}
