using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.Tftp;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Files;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Provisioning.SecureProvisioningApi;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary>Secure two-stage provisioning (the guides' SPC flow) against a real ACS: the first stage carries key and
/// directory to the device only, the second is served only under the directory, encrypted so that the real openssl reads
/// it with GPP_A; wrong devices are refused and rotation retires the old directory.</summary>
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
        await using var acs = await StartAsync();
        var state = await EnableAsync(acs);

        var (status, body) = await FetchAsync(acs, $"cfg/spa{ConfigApi.Mac.ToLowerInvariant()}.cfg");

        Assert.Equal(200, status);
        var profile = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!;
        Assert.Equal((string?)state["key"], profile.Element("GPP_A")!.Value);
        Assert.Equal((string?)state["directory"], profile.Element("GPP_B")!.Value);
        Assert.Equal("[--key $A] https://prov.example.com:7568/cfg/$B/$MA.cfg", profile.Element("Profile_Rule")!.Value);
        // Nothing else travels in the weakly protected first stage: not the layered values, not the SIP password.
        Assert.Equal(["GPP_A", "GPP_B", "Profile_Rule"], profile.Elements().Select(e => e.Name.LocalName).Order(StringComparer.Ordinal));
        Assert.NotNull((await acs.GetJsonAsync(Path(ConfigApi.DeviceId)))["firstStageServed"]);
    }

    [Fact]
    public async Task The_first_stage_is_served_only_to_a_request_whose_User_Agent_names_the_device()
    {
        await using var acs = await StartAsync();
        await EnableAsync(acs);
        var name = $"cfg/{ConfigApi.Mac}.cfg";

        using (var anonymous = await acs.Files.GetAsync(name))
        {
            Assert.Equal(403, (int)anonymous.StatusCode);
            Assert.Contains("User-Agent", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var (status, body) = await FetchAsync(acs, name, PhoneAgent("FCH9999ZZZZ"));
        Assert.Equal(403, status);
        Assert.Contains("names another device", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal(200, (await FetchAsync(acs, name, $"Cisco-CP-8841-3PCC/12.0.1 ({ConfigApi.Mac.ToLowerInvariant()})")).Status);
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
        // Serving the second stage leaves the device's (cached) configuration as it was: the first stage is still plain.
        Assert.StartsWith("<?xml", Encoding.UTF8.GetString((await FetchAsync(acs, $"cfg/{ConfigApi.Mac}.cfg")).Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_with_secure_provisioning_gets_no_plain_profile_from_any_other_directory()
    {
        await using var acs = await StartAsync();
        await EnableAsync(acs);

        // A subdirectory that is not the secure one serves the first stage (a phone's usual rule may have one) …
        var (status, body) = await FetchAsync(acs, $"cfg/phones/{ConfigApi.Mac}.cfg");
        Assert.Equal(200, status);
        Assert.Null(XDocument.Parse(Encoding.UTF8.GetString(body)).Root!.Element("GPP_C"));
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
        await using var acs = await StartAsync();
        var before = await EnableAsync(acs);
        var oldDirectory = (string)before["directory"]!;

        var after = await EnableAsync(acs, rotate: true);

        Assert.Equal(2, (int)after["generation"]!);
        Assert.NotNull(after["rotated"]);
        Assert.NotEqual(oldDirectory, (string?)after["directory"]);
        Assert.NotEqual((string?)before["key"], (string?)after["key"]);
        Assert.NotEqual((string?)before["keyFingerprint"], (string?)after["keyFingerprint"]);
        Assert.Equal(404, (await FetchAsync(acs, $"cfg/{oldDirectory}/{ConfigApi.Mac}.cfg")).Status);

        var first = XDocument.Parse(Encoding.UTF8.GetString((await FetchAsync(acs, $"cfg/{ConfigApi.Mac}.cfg")).Body)).Root!;
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
        Assert.StartsWith("<?xml", Encoding.UTF8.GetString((await FetchAsync(acs, $"cfg/{state["directory"]}/{ConfigApi.Mac}.cfg")).Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_TFTP_the_directory_serves_the_encrypted_profile_but_the_first_stage_needs_a_User_Agent()
    {
        await using var acs = await StartAsync();
        var state = await EnableAsync(acs);
        var port = acs.App.GetTftpEndPoint()!.Port;

        var second = await TftpClient.DownloadAsync("127.0.0.1", port, $"/cfg/{state["directory"]}/{ConfigApi.Mac.ToLowerInvariant()}.cfg");
        Assert.True(second.Succeeded, second.ToString());
        var plain = ProfileCodec.Decode(second.Content!, (string)state["key"]!).Content;
        Assert.Equal("global", XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!.Element("GPP_C")!.Value);

        var first = await TftpClient.DownloadAsync("127.0.0.1", port, $"/cfg/spa{ConfigApi.Mac}.cfg");
        Assert.Equal(TftpDownloadOutcome.ServerError, first.Outcome);
        Assert.Equal(TftpErrorCode.AccessViolation, first.ServerErrorCode);
    }

    [Fact]
    public async Task A_scope_encryption_key_still_protects_the_first_stage()
    {
        await using var acs = await StartAsync();
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"_encryptionKey":"factory phrase"}""");
        var state = await EnableAsync(acs);

        var (_, encrypted) = await FetchAsync(acs, $"cfg/{ConfigApi.Mac}.cfg");

        var plain = await RealTool.OnFileAsync(encrypted, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "factory phrase", "-in", path]);
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

    private static async Task<TestAcs> StartAsync()
    {
        var acs = await TestAcs.StartAsync(o => o.PublicHost = "prov.example.com");
        await ConfigApi.PreRegisterAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_A":"global","GPP_B":"global","GPP_C":"global"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/CP-8841-3PCC", """{"GPP_B":"model"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_D":"device","Password_1_":"s3cret-sip"}""");
        return acs;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{24}$")]
    private static partial Regex DirectoryPattern();
}
