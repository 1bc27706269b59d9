using System.Text;
using System.Xml.Linq;
using TR069Acs.Provisioning.Tftp;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;
using TR069Acs.Server.Tests.Tftp;

namespace TR069Acs.Server.Tests.Files;

/// <summary>The ACS's own TFTP listener serves the same per-device profiles as <c>/cfg/</c> on HTTP.</summary>
public sealed class ProfileTftpTests
{
    [Theory]
    [InlineData("spa00562b04dd5b.cfg")]
    [InlineData("cfg/00562B04DD5B.xml")]
    [InlineData("/cfg/00562b04dd5b.xml")]
    public async Task A_tftp_read_of_a_MAC_name_gets_the_devices_layered_profile(string name)
    {
        await using var acs = await StartWithDeviceAsync();
        var endpoint = acs.App.GetTftpEndPoint()!;

        var result = await TftpClient.DownloadAsync("127.0.0.1", endpoint.Port, name);

        Assert.True(result.Succeeded, result.ToString());
        var profile = XDocument.Parse(Encoding.UTF8.GetString(result.Content!)).Root!;
        Assert.Equal("device", profile.Element("GPP_A")!.Value);
        Assert.Equal("global", profile.Element("GPP_C")!.Value);
    }

    [Fact]
    public async Task An_unknown_device_is_file_not_found_and_the_server_keeps_serving()
    {
        await using var acs = await StartWithDeviceAsync();
        var port = acs.App.GetTftpEndPoint()!.Port;

        var missing = await TftpClient.DownloadAsync("127.0.0.1", port, "spa0000deadbeef.cfg");
        Assert.Equal(TftpDownloadOutcome.NotFound, missing.Outcome);

        var model = await TftpClient.DownloadAsync("127.0.0.1", port, "CP-8841-3PCC.xml");
        Assert.True(model.Succeeded, model.ToString());
        Assert.Equal("model", XDocument.Parse(Encoding.UTF8.GetString(model.Content!)).Root!.Element("GPP_B")!.Value);
    }

    [ExternalToolFact(ExternalTool.Tftp)]
    public async Task The_real_tftp_hpa_client_fetches_a_gzipped_profile()
    {
        await using var acs = await StartWithDeviceAsync();
        var port = acs.App.GetTftpEndPoint()!.Port;
        var output = Path.Combine(acs.DataDirectory, "fetched.cfg.gz");

        var (exit, text) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", port.ToString(), "-m", "binary", "-c", "get", $"spa{ConfigApi.Mac}.cfg.gz", output);

        Assert.True(exit == 0 && File.Exists(output), $"tftp exited {exit}: {text}");
        var plain = await RealTool.OnFileAsync(await File.ReadAllBytesAsync(output), "gzip", path => ["-dc", path]);
        Assert.Equal("device", XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("GPP_A")!.Value);
    }

    private static async Task<TestAcs> StartWithDeviceAsync()
    {
        var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_A":"global","GPP_B":"global","GPP_C":"global"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/CP-8841-3PCC", """{"GPP_A":"model","GPP_B":"model"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":"device"}""");
        return acs;
    }
}
