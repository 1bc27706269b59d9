using System.Text;
using System.Xml.Linq;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Server.Provisioning;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;
using TR069Acs.Server.Tests.Tftp;
using TR069Acs.Server.Tests.Tls;
using static TR069Acs.Server.Tests.Provisioning.SecureProvisioningApi;

namespace TR069Acs.Server.Tests.Files;

/// <summary>Issue 16 §3: no secret over a channel that has not proved the device. Plain HTTP, TFTP (the real tftp-hpa
/// client), HTTPS with a generic certificate and a spoofed User-Agent get the profile without its sensitive parameters;
/// HTTPS with the device's verified certificate gets them; <c>EncryptPerDevice</c> serves them only under a key set for
/// the device alone.</summary>
public sealed class ProfileSecretsTests
{
    private const string SipPassword = "sip-Secret-0416";
    private const string AcsPassword = "acs-Secret-0416";
    private const string KeyRegister = "key-Secret-0416";
    private const string WebPassword = "web-Secret-0416";
    private static readonly string[] _secrets = [SipPassword, AcsPassword, KeyRegister, WebPassword];

    [Fact]
    public async Task Plain_HTTP_a_spoofed_User_Agent_and_a_generic_certificate_get_no_secret_the_devices_certificate_gets_them_all()
    {
        using var lab = TlsLab.Create();
        await using var acs = await StartAsync(lab);
        var https = acs.App.GetFilesTlsUri();

        foreach (var (channel, body) in new[]
        {
            ("HTTP by MAC", Encoding.UTF8.GetString((await FetchAsync(acs, $"cfg/spa{ConfigApi.Mac}.cfg")).Body)),
            ("HTTP, a name without MAC and the phone's User-Agent", Encoding.UTF8.GetString((await FetchAsync(acs, "cfg/profile.xml", PhoneAgent())).Body)),
            ("HTTPS with the generic certificate", (await lab.CurlAsync(new Uri(https, $"cfg/spa{ConfigApi.Mac}.cfg"), lab.Generic)).Body),
            ("HTTPS with the generic certificate and the phone's User-Agent", (await lab.CurlAsync(new Uri(https, "cfg/profile.xml"), lab.Generic, PhoneAgent())).Body),
        })
        {
            var profile = Parse(channel, body);
            Assert.True(profile.Element("GPP_A")?.Value == "phone A", $"{channel}: not the device's profile: {body}");
            AssertNoSecret(channel, body, profile);
        }
        var model = await acs.Files.GetStringAsync("cfg/CP-8841-3PCC.xml");
        AssertNoSecret("the model profile over HTTP", model, Parse("model", model));

        var certified = await lab.CurlAsync(new Uri(https, $"cfg/spa{ConfigApi.Mac}.cfg"), lab.DeviceA);
        Assert.True(certified.Status == 200, certified.ToString());
        var full = Parse("HTTPS with the device's certificate", certified.Body);
        Assert.Equal(SipPassword, full.Element("Password_1_")!.Value);
        Assert.Equal(AcsPassword, full.Element("ACS_Password")!.Value);
        Assert.Equal(KeyRegister, full.Element("GPP_SA")!.Value);
        Assert.Equal(WebPassword, full.Element("Admin_Passwd")!.Value);
        // The other phone's certificate with this phone's User-Agent is refused, not served this phone's secrets.
        Assert.Equal(403, (await lab.CurlAsync(new Uri(https, "cfg/profile.xml"), lab.DeviceB, PhoneAgent())).Status);
    }

    [ExternalToolFact(ExternalTool.Tftp)]
    public async Task The_real_tftp_hpa_client_gets_the_profile_without_its_secrets()
    {
        using var lab = TlsLab.Create();
        await using var acs = await StartAsync(lab);
        var port = acs.App.GetTftpEndPoint()!.Port;
        var output = System.IO.Path.Combine(acs.DataDirectory, "tftp.cfg");

        var (exit, text) = await ExternalTool.RunAsync(ExternalTool.Tftp, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-m", "binary", "-c", "get", $"spa{ConfigApi.Mac}.cfg", output);

        Assert.True(exit == 0 && File.Exists(output), $"tftp exited {exit}: {text}");
        var body = await File.ReadAllTextAsync(output);
        var profile = Parse("TFTP", body);
        Assert.Equal("phone A", profile.Element("GPP_A")!.Value);
        AssertNoSecret("TFTP", body, profile);
    }

    [Fact]
    public async Task EncryptPerDevice_serves_secrets_only_encrypted_with_a_key_set_for_the_device_alone()
    {
        using var lab = TlsLab.Create();
        await using var acs = await StartAsync(lab, o => o.Provisioning.UnverifiedSecrets = UnverifiedSecretsMode.EncryptPerDevice);
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"_encryptionKey":"fleet phrase"}""");

        // A key every phone of the fleet holds protects nothing from another phone: still no secrets.
        var shared = ProfileCodec.Decode((await FetchAsync(acs, $"cfg/spa{ConfigApi.Mac}.cfg")).Body, "fleet phrase").Content;
        var withoutSecrets = Encoding.UTF8.GetString(shared);
        AssertNoSecret("HTTP under the fleet's key", withoutSecrets, Parse("fleet key", withoutSecrets));

        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{ConfigApi.DeviceId}", """{"_encryptionKey":"phone A alone"}""");
        var encrypted = (await FetchAsync(acs, $"cfg/spa{ConfigApi.Mac}.cfg", PhoneAgent("FCH0000SPOOF"))).Body;
        Assert.Equal("Salted__"u8.ToArray(), encrypted[..8]);
        Assert.DoesNotContain(SipPassword, Encoding.Latin1.GetString(encrypted), StringComparison.Ordinal);
        var plain = await RealTool.OnFileAsync(encrypted, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "phone A alone", "-in", path]);
        var profile = Parse("HTTP under the device's key", Encoding.UTF8.GetString(plain));
        Assert.Equal(SipPassword, profile.Element("Password_1_")!.Value);
        Assert.Equal(AcsPassword, profile.Element("ACS_Password")!.Value);
        // Phone B has no key of its own: its profile stays without secrets.
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{TlsLab.DeviceIdB}", $$"""{"Password_1_":"{{SipPassword}}"}""");
        var other = Encoding.UTF8.GetString(ProfileCodec.Decode((await FetchAsync(acs, $"cfg/spa{TlsLab.MacB}.cfg")).Body, "fleet phrase").Content);
        AssertNoSecret("phone B over HTTP", other, Parse("phone B", other));
    }

    private static async Task<TestAcs> StartAsync(TlsLab lab, Action<AcsOptions>? configure = null)
    {
        var acs = await lab.StartAcsAsync(configure: configure);
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{ConfigApi.DeviceId}",
            $$"""{"Password_1_":"{{SipPassword}}","ACS_Password":"{{AcsPassword}}","GPP_SA":"{{KeyRegister}}"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "models/CP-8841-3PCC", $$"""{"Admin_Passwd":"{{WebPassword}}"}""");
        return acs;
    }

    private static XElement Parse(string channel, string body)
    {
        try
        {
            return XDocument.Parse(body).Root!;
        }
        catch (System.Xml.XmlException e)
        {
            throw new Xunit.Sdk.XunitException($"{channel}: not a profile ({e.Message}): {body}");
        }
    }

    private static void AssertNoSecret(string channel, string body, XElement profile)
    {
        foreach (var secret in _secrets)
        {
            Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{channel} carries a secret: {body}");
        }
        foreach (var name in new[] { "Password_1_", "ACS_Password", "GPP_SA", "Admin_Passwd" })
        {
            Assert.True(profile.Element(name) is null, $"{channel} carries {name} (it would clear the phone's own value)");
        }
        Assert.Equal("global", profile.Element("GPP_C")?.Value);   // the rest of the profile is there
    }
}
