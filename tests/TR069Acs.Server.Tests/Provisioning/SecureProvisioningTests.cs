using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.Tftp;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Provisioning;
using TR069Acs.Server.Tests.Files;
using TR069Acs.Server.Tests.Support;
using TR069Acs.Server.Tests.Tls;
using static TR069Acs.Server.Tests.Provisioning.SecureProvisioningApi;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>Secure two-stage provisioning (the guides' SPC flow) against a real ACS: the first stage carries key and
/// directory to the device only (issue 16 §3: its verified certificate, fetched with the real curl; a User-Agent proves
/// nothing), the second is served only under the directory, encrypted so that the real openssl reads it with GPP_A; wrong
/// devices are refused and rotation retires the old directory.</summary>
public sealed partial class SecureProvisioningTests
{
    private const string OtherMac = "0023EB0000B2";
    private const string OtherSerial = "FCH2001A0B2";
    private const string OtherId = "0023EB-CP-8841-3PCC-FCH2001A0B2";

    [Fact]
    public async Task Enabling_creates_a_256_bit_key_and_a_random_directory_shown_only_by_fingerprint_unless_asked()
    {
        await using var acs = await StartAsync();

        var (status, created, _) = await acs.SendJsonAsync(HttpMethod.Post, Path(ConfigApi.DeviceId));
        Assert.Equal(201, status);
        Assert.True((bool)created!["enabled"]!);
        Assert.Null(created["key"]);
        var directory = (string)created["directory"]!;
        Assert.Matches(DirectoryPattern(), directory);
        Assert.Matches("^sha256:[0-9a-f]{16}$", (string)created["keyFingerprint"]!);
        Assert.Equal(1, (int)created["generation"]!);
        Assert.Equal("[--key $A] https://prov.example.com:7568/cfg/$B/$MA.cfg", (string?)created["profileRule"]);

        var shown = await acs.GetJsonAsync(Path(ConfigApi.DeviceId) + "?includeKey=true");
        Assert.Matches("^[0-9a-f]{64}$", (string)shown["key"]!);
        Assert.Equal(directory, (string?)shown["directory"]);
        Assert.Null((await acs.GetJsonAsync(Path(ConfigApi.DeviceId)))["key"]);

        // A second POST without rotate changes nothing.
        var again = await EnableAsync(acs);
        Assert.Equal((string?)shown["key"], (string?)again["key"]);
        Assert.Equal(directory, (string?)again["directory"]);
    }

    [Fact]
    public async Task The_first_stage_at_the_usual_name_sets_only_GPP_A_GPP_B_and_the_secure_Profile_Rule()
    {
        using var lab = TlsLab.Create();
        await using var acs = await StartAsync(lab);
        var state = await EnableAsync(acs);

        var first = await FirstStageAsync(acs, lab, $"cfg/spa{ConfigApi.Mac.ToLowerInvariant()}.cfg");

        var profile = XDocument.Parse(first).Root!;
        Assert.Equal((string?)state["key"], profile.Element("GPP_A")!.Value);
        Assert.Equal((string?)state["directory"], profile.Element("GPP_B")!.Value);
        Assert.Equal("[--key $A] https://prov.example.com:7568/cfg/$B/$MA.cfg", profile.Element("Profile_Rule")!.Value);
        // Nothing else travels in the weakly protected first stage: not the layered values, not the SIP password.
        Assert.Equal(["GPP_A", "GPP_B", "Profile_Rule"], profile.Elements().Select(e => e.Name.LocalName).Order(StringComparer.Ordinal));
        Assert.NotNull((await acs.GetJsonAsync(Path(ConfigApi.DeviceId)))["firstStageServed"]);
    }

    [Fact]
    public async Task The_first_stage_is_refused_without_the_devices_verified_certificate_whatever_the_User_Agent_says()
    {
        using var lab = TlsLab.Create();
        await using var acs = await StartAsync(lab);
        await EnableAsync(acs);
        var name = $"cfg/{ConfigApi.Mac}.cfg";
        var https = acs.App.GetFilesTlsUri();

        // Issue 16 §3: the phone's own User-Agent, anyone can write it; plain HTTP proves nothing.
        foreach (var agent in new[] { PhoneAgent(), $"Cisco-CP-8841-3PCC/12.0.1 ({ConfigApi.Mac.ToLowerInvariant()})", "curl/8" })
        {
            var (status, body) = await FetchAsync(acs, name, agent);
            Assert.True(status == 403, $"{agent} → {status}");
            Assert.Contains("verified client certificate", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        }
        // HTTPS with the generic certificate (it names no device) and the phone's User-Agent: refused all the same.
        var generic = await lab.CurlAsync(new Uri(https, name), lab.Generic, PhoneAgent());
        Assert.True(generic.Status == 403, generic.ToString());
        Assert.DoesNotContain("GPP_A", generic.Body, StringComparison.Ordinal);
        // Another phone's certificate: refused; the device's own: served.
        Assert.Equal(403, (await lab.CurlAsync(new Uri(https, name), lab.DeviceB)).Status);
        Assert.Contains("<GPP_A>", await FirstStageAsync(acs, lab, name), StringComparison.Ordinal);
        // The model profile stays what it was: it is no device's.
        Assert.Equal("model", XDocument.Parse(await acs.Files.GetStringAsync("cfg/CP-8841-3PCC.xml")).Root!.Element("GPP_B")!.Value);
    }

    [Fact]
    public async Task The_second_stage_under_the_directory_is_the_full_profile_and_the_real_openssl_decrypts_it_with_GPP_A()
    {
        await using var acs = await StartAsync();
        var state = await EnableAsync(acs);
        var key = (string)state["key"]!;
        var directory = (string)state["directory"]!;

        var (status, encrypted) = await FetchAsync(acs, $"cfg/{directory}/{ConfigApi.Mac.ToLowerInvariant()}.cfg");

        Assert.Equal(200, status);
        Assert.Equal("Salted__"u8.ToArray(), encrypted[..8]);
        var plain = await RealTool.OnFileAsync(encrypted, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", key, "-in", path]);
        var profile = XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!;
        Assert.Equal("global", profile.Element("GPP_C")!.Value);
        Assert.Equal("device", profile.Element("GPP_D")!.Value);
        Assert.Equal("s3cret-sip", profile.Element("Password_1_")!.Value);
        // The values that keep the phone on the secure path are in it too.
        Assert.Equal(key, profile.Element("GPP_A")!.Value);
        Assert.Equal(directory, profile.Element("GPP_B")!.Value);
        Assert.Equal("[--key $A] https://prov.example.com:7568/cfg/$B/$MA.cfg", profile.Element("Profile_Rule")!.Value);

        // $MA.cfg.gz: gzip before encryption, as the guides prescribe.
        var (_, encryptedGzip) = await FetchAsync(acs, $"cfg/{directory}/{ConfigApi.Mac}.cfg.gz");
        var gzip = await RealTool.OnFileAsync(encryptedGzip, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", key, "-in", path]);
        var text = await RealTool.OnFileAsync(gzip, "gzip", path => ["-dc", path]);
        Assert.Equal("global", XDocument.Parse(Encoding.UTF8.GetString(text)).Root!.Element("GPP_C")!.Value);
        Assert.NotNull((await acs.GetJsonAsync(Path(ConfigApi.DeviceId)))["secondStageServed"]);
        // Serving the second stage leaves the device's (cached) configuration as it was: the first stage is still refused
        // on plain HTTP, not the encrypted profile.
        Assert.Equal(403, (await FetchAsync(acs, $"cfg/{ConfigApi.Mac}.cfg")).Status);
    }

    [Fact]
    public async Task A_device_with_secure_provisioning_gets_no_plain_profile_from_any_other_directory()
    {
        await using var acs = await StartAsync();
        await EnableAsync(acs);

        // A subdirectory that is not the secure one is the first stage (a phone's usual rule may have one): not on plain HTTP …
        var (status, body) = await FetchAsync(acs, $"cfg/phones/{ConfigApi.Mac}.cfg");
        Assert.Equal(403, status);
        Assert.DoesNotContain("global", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        // … and a random-looking one that is not the device's is no file at all.
        (status, _) = await FetchAsync(acs, $"cfg/AAAAAAAAAAAAAAAAAAAAAAAA/{ConfigApi.Mac}.cfg");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task A_request_for_a_directory_with_another_devices_MAC_or_an_unknown_MAC_is_refused()
    {
        await using var acs = await StartAsync();
        await ConfigApi.PreRegisterAsync(acs, mac: OtherMac, serial: OtherSerial);
        var state = await EnableAsync(acs);
        var directory = (string)state["directory"]!;

        var (status, body) = await FetchAsync(acs, $"cfg/{directory}/{OtherMac}.cfg", PhoneAgent(OtherSerial));
        Assert.Equal(403, status);
        Assert.Contains("another device", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        (status, _) = await FetchAsync(acs, $"cfg/{directory}/0011223344ff.cfg", PhoneAgent("FCH0000NONE"));
        Assert.Equal(403, status);

        // The other device, once it has secure provisioning of its own, cannot use the first device's directory either.
        await EnableAsync(acs, OtherId);
        (status, _) = await FetchAsync(acs, $"cfg/{directory}/{OtherMac}.cfg", PhoneAgent(OtherSerial));
        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Rotation_retires_the_old_directory_and_the_first_stage_carries_the_new_key_and_directory()
    {
        using var lab = TlsLab.Create();
        await using var acs = await StartAsync(lab);
        var before = await EnableAsync(acs);
        var oldDirectory = (string)before["directory"]!;

        var after = await EnableAsync(acs, rotate: true);

        Assert.Equal(2, (int)after["generation"]!);
        Assert.NotNull(after["rotated"]);
        Assert.NotEqual(oldDirectory, (string?)after["directory"]);
        Assert.NotEqual((string?)before["key"], (string?)after["key"]);
        Assert.NotEqual((string?)before["keyFingerprint"], (string?)after["keyFingerprint"]);
        Assert.Equal(404, (await FetchAsync(acs, $"cfg/{oldDirectory}/{ConfigApi.Mac}.cfg")).Status);

        var first = XDocument.Parse(await FirstStageAsync(acs, lab, $"cfg/{ConfigApi.Mac}.cfg")).Root!;
        Assert.Equal((string?)after["key"], first.Element("GPP_A")!.Value);
        Assert.Equal((string?)after["directory"], first.Element("GPP_B")!.Value);
        var (status, encrypted) = await FetchAsync(acs, $"cfg/{after["directory"]}/{ConfigApi.Mac}.cfg");
        Assert.Equal(200, status);
        var plain = await RealTool.OnFileAsync(encrypted, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", (string)after["key"]!, "-in", path]);
        Assert.Equal("global", XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("GPP_C")!.Value);
    }

    [Fact]
    public async Task Disabling_serves_the_full_profile_at_the_usual_name_again()
    {
        await using var acs = await StartAsync();
        var state = await EnableAsync(acs);

        var (status, _, _) = await acs.SendJsonAsync(HttpMethod.Delete, Path(ConfigApi.DeviceId));

        Assert.Equal(204, status);
        Assert.False((bool)(await acs.GetJsonAsync(Path(ConfigApi.DeviceId)))["enabled"]!);
        var profile = XDocument.Parse(await acs.Files.GetStringAsync($"cfg/{ConfigApi.Mac}.cfg")).Root!;
        Assert.Equal("global", profile.Element("GPP_C")!.Value);
        Assert.Null(profile.Element("Profile_Rule"));   // nothing of the secure path is left in it
        Assert.Null(profile.Element("Password_1_"));    // and plain HTTP carries no secret (issue 16 §3)
        Assert.StartsWith("<?xml", Encoding.UTF8.GetString((await FetchAsync(acs, $"cfg/{state["directory"]}/{ConfigApi.Mac}.cfg")).Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_TFTP_the_directory_serves_the_encrypted_profile_but_not_the_first_stage()
    {
        await using var acs = await StartAsync();
        var state = await EnableAsync(acs);
        var port = acs.App.GetTftpEndPoint()!.Port;

        var second = await TftpClient.DownloadAsync("127.0.0.1", port, $"/cfg/{state["directory"]}/{ConfigApi.Mac.ToLowerInvariant()}.cfg");
        Assert.True(second.Succeeded, second.ToString());
        var plain = ProfileCodec.Decode(second.Content!, (string)state["key"]!).Content;
        Assert.Equal("global", XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("GPP_C")!.Value);
        // Under the device's own key the second stage is complete, secrets included, whatever the channel.
        Assert.Equal("s3cret-sip", XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("Password_1_")!.Value);

        var first = await TftpClient.DownloadAsync("127.0.0.1", port, $"/cfg/spa{ConfigApi.Mac}.cfg");
        Assert.Equal(TftpDownloadOutcome.ServerError, first.Outcome);
        Assert.Equal(TftpErrorCode.AccessViolation, first.ServerErrorCode);
    }

    [Fact]
    public async Task Over_plain_HTTP_the_first_stage_needs_EncryptPerDevice_and_a_key_of_the_device_alone()
    {
        await using var acs = await StartAsync(configure: o => o.Provisioning.UnverifiedSecrets = UnverifiedSecretsMode.EncryptPerDevice);
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"_encryptionKey":"factory phrase"}""");
        var state = await EnableAsync(acs);

        // A key every phone of the fleet holds is no protection of one device's key.
        Assert.Equal(403, (await FetchAsync(acs, $"cfg/{ConfigApi.Mac}.cfg")).Status);

        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{ConfigApi.DeviceId}", """{"_encryptionKey":"phone A alone"}""");
        var (status, encrypted) = await FetchAsync(acs, $"cfg/{ConfigApi.Mac}.cfg");

        Assert.Equal(200, status);
        var plain = await RealTool.OnFileAsync(encrypted, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "phone A alone", "-in", path]);
        Assert.Equal((string?)state["key"], XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("GPP_A")!.Value);
    }

    [Fact]
    public async Task Malformed_requests_are_400_naming_the_field_and_unknown_devices_404()
    {
        await using var acs = await StartAsync();

        foreach (var (json, field) in new[] { ("""{"rotate":"yes"}""", "rotate"), ("""{"rotatee":true}""", "rotatee"), ("[true]", "body"), ("{", "body") })
        {
            var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, Path(ConfigApi.DeviceId), json);
            Assert.True(status == 400, $"{json} → {status}");
            Assert.NotNull(body!["errors"]![field]);
        }
        var (badFlag, flagBody, _) = await acs.SendJsonAsync(HttpMethod.Get, Path(ConfigApi.DeviceId) + "?includeKey=perhaps");
        Assert.Equal(400, badFlag);
        Assert.NotNull(flagBody!["errors"]!["includeKey"]);
        Assert.Equal(404, (await acs.SendJsonAsync(HttpMethod.Post, Path("000000-NOPE-0"))).Status);
        Assert.Equal(404, (await acs.SendJsonAsync(HttpMethod.Get, Path("000000-NOPE-0"))).Status);
    }

    // With a lab: the HTTPS file server verifying client certificates against the lab CA. The secure rule names port 7568
    // explicitly so that it reads the same whether or not this ACS runs the HTTPS listener (on a free port here).
    private static async Task<TestAcs> StartAsync(TlsLab? lab = null, Action<AcsOptions>? configure = null)
    {
        var acs = await TestAcs.StartAsync(o =>
        {
            o.PublicHost = "prov.example.com";
            o.SecureProvisioning.Port = 7568;
            if (lab is not null)
            {
                o.FilesTlsPort = 0;
                o.TlsCertificate = lab.ServerCert;
                o.TlsKey = lab.ServerKey;
                o.ClientCa = lab.Ca;
            }
            configure?.Invoke(o);
        });
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_A":"global","GPP_B":"global","GPP_C":"global"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/CP-8841-3PCC", """{"GPP_B":"model"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_D":"device","Password_1_":"s3cret-sip"}""");
        return acs;
    }

    // The first stage as the phone gets it: HTTPS with its verified certificate (the real curl).
    private static async Task<string> FirstStageAsync(TestAcs acs, TlsLab lab, string path)
    {
        var result = await lab.CurlAsync(new Uri(acs.App.GetFilesTlsUri(), path), lab.DeviceA);
        Assert.True(result.Status == 200, result.ToString());
        return result.Body;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{24}$")]
    private static partial Regex DirectoryPattern();
}
