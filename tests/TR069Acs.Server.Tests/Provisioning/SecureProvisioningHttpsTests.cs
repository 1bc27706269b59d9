using System.Text;
using System.Xml.Linq;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Files;
using TR069Acs.Server.Tests.Tls;
using static TR069Acs.Server.Tests.Provisioning.SecureProvisioningApi;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>Secure provisioning on the HTTPS file server with client certificates, fetched by the real curl: the phone's
/// certificate is proof enough for the first stage, whose rule names the HTTPS listener actually bound.</summary>
public sealed class SecureProvisioningHttpsTests
{
    [Fact]
    public async Task A_phone_certificate_gets_the_first_stage_whose_rule_names_the_HTTPS_port_and_then_its_encrypted_profile()
    {
        using var lab = TlsLab.Create();
        await using var acs = await lab.StartAcsAsync();
        var state = await EnableAsync(acs);
        var https = acs.App.GetFilesTlsUri();

        // curl's own User-Agent names no phone: the verified certificate (S = the MAC) is what identifies it.
        var first = await lab.CurlAsync(new Uri(https, $"cfg/spa{ConfigApi.Mac}.cfg"), lab.DeviceA);

        Assert.True(first.Status == 200, first.ToString());
        var profile = XDocument.Parse(first.Body).Root!;
        Assert.Equal((string?)state["key"], profile.Element("GPP_A")!.Value);
        Assert.Equal($"[--key $A] https://127.0.0.1:{https.Port}/cfg/$B/$MA.cfg", profile.Element("Profile_Rule")!.Value);

        var (exit, encrypted, error) = await RealTool.RunAsync("curl", "-sS", "--max-time", "20", "--cacert", lab.Ca,
            "--cert", lab.DeviceA.Cert, "--key", lab.DeviceA.Key, new Uri(https, $"cfg/{state["directory"]}/{ConfigApi.Mac.ToLowerInvariant()}.cfg").ToString());
        Assert.True(exit == 0, error);
        var plain = await RealTool.OnFileAsync(encrypted, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", (string)state["key"]!, "-in", path]);
        Assert.Equal("global", XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("GPP_C")!.Value);

        // Another phone's certificate gets neither stage of this one.
        Assert.Equal(403, (await lab.CurlAsync(new Uri(https, $"cfg/spa{ConfigApi.Mac}.cfg"), lab.DeviceB)).Status);
        Assert.Equal(403, (await lab.CurlAsync(new Uri(https, $"cfg/{state["directory"]}/{ConfigApi.Mac}.cfg"), lab.DeviceB)).Status);
    }
}
