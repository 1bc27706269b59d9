using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Tls;

/// <summary>Unusable certificate settings stop the ACS at startup with a message naming the setting and the file,
/// not at the first phone's handshake.</summary>
public sealed class TlsStartupTests : IClassFixture<TlsLabFixture>
{
    private readonly TlsLab _lab;

    public TlsStartupTests(TlsLabFixture fixture) => _lab = fixture.Lab;

    [Fact]
    public async Task A_certificate_file_that_is_not_PEM_is_named()
    {
        var notPem = _lab.PathOf("not-pem.crt");
        await File.WriteAllBytesAsync(notPem, [0x30, 0x82, 0x01, 0x0a, 0x02, 0x01]);   // DER-looking bytes

        var error = await StartFailsAsync(o => { o.TlsCertificate = notPem; o.TlsKey = _lab.ServerKey; });

        Assert.Contains("Acs:TlsCertificate", error, StringComparison.Ordinal);
        Assert.Contains(notPem, error, StringComparison.Ordinal);
        Assert.Contains("no PEM certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_is_named()
    {
        var error = await StartFailsAsync(o => { o.TlsCertificate = _lab.ServerCert; o.TlsKey = _lab.DeviceA.Key; });

        Assert.Contains("Acs:TlsKey", error, StringComparison.Ordinal);
        Assert.Contains(_lab.DeviceA.Key, error, StringComparison.Ordinal);
        Assert.Contains("does not match the certificate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_a_client_CA_that_is_not_PEM_and_a_CA_without_a_certificate_are_named()
    {
        var missing = await StartFailsAsync(o => { o.TlsCertificate = _lab.PathOf("nope.pem"); });
        Assert.Contains("nope.pem' does not exist", missing, StringComparison.Ordinal);

        var badCa = await StartFailsAsync(o => { o.TlsCertificate = _lab.ServerCert; o.TlsKey = _lab.ServerKey; o.ClientCa = _lab.ServerKey; });
        Assert.Contains("Acs:ClientCa", badCa, StringComparison.Ordinal);
        Assert.Contains(_lab.ServerKey, badCa, StringComparison.Ordinal);

        var caAlone = await StartFailsAsync(o => { o.ClientCa = _lab.Ca; });
        Assert.Contains("need Acs:TlsCertificate", caAlone, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_there_is_no_HTTPS_listener()
    {
        await using var acs = await TestAcs.StartAsync(o => o.FilesTlsPort = 0);

        var error = Assert.Throws<InvalidOperationException>(() => acs.App.GetFilesTlsUri());
        Assert.Contains("Acs:TlsCertificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CWMP_over_HTTPS_reuses_the_certificate_when_a_port_is_set()
    {
        await using var acs = await TestAcs.StartAsync(o =>
        {
            o.TlsCertificate = _lab.ServerCert;
            o.TlsKey = _lab.ServerKey;
            o.FilesTlsPort = -1;
            o.CwmpTlsPort = 0;
        });
        var cwmp = acs.App.GetCwmpTlsUri()!;

        // An empty POST with no session is answered by the CWMP endpoint (not the file server), over TLS the lab CA verifies.
        var result = await _lab.CurlAsync(cwmp);

        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual(0, result.Status);
        Assert.DoesNotContain("/cfg/", result.Body, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => acs.App.GetFilesTlsUri());
    }

    [Fact]
    public async Task With_plain_HTTP_off_profiles_are_reachable_only_over_HTTPS()
    {
        var alone = await StartFailsAsync(o => o.FilesPort = -1);
        Assert.Contains("Acs:FilesPort -1", alone, StringComparison.Ordinal);
        Assert.Contains("Acs:TlsCertificate", alone, StringComparison.Ordinal);

        await using var acs = await TestAcs.StartAsync(o =>
        {
            o.FilesPort = -1;
            o.FilesTlsPort = 0;
            o.TlsCertificate = _lab.ServerCert;
            o.TlsKey = _lab.ServerKey;
            o.ClientCa = _lab.Ca;
        });
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":"https only"}""");

        var off = Assert.Throws<InvalidOperationException>(() => acs.App.GetFilesUri());
        Assert.Contains("Acs:FilesPort -1", off.Message, StringComparison.Ordinal);
        var served = await _lab.CurlAsync(new Uri(acs.App.GetFilesTlsUri(), "cfg/profile.xml"), _lab.DeviceA);
        Assert.True(served.Status == 200, served.ToString());
        Assert.Contains("https only", served.Body, StringComparison.Ordinal);
    }

    private static async Task<string> StartFailsAsync(Action<AcsOptions> configure)
    {
        var data = Directory.CreateTempSubdirectory("acs-tls-startup-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await using var acs = await TestAcs.StartAsync(configure, data);
            });
            return error.Message;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
