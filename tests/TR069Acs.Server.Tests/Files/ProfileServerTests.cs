using System.IO.Compression;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Files;

public sealed class ProfileServerTests
{
    [Theory]
    [InlineData("00562b04dd5b.cfg")]
    [InlineData("spa00562B04DD5B.xml")]
    [InlineData("00:56:2B:04:DD:5B.xml")]
    [InlineData("00-56-2b-04-dd-5b")]
    [InlineData("phones/CP-8841-3PCC/00562b04dd5b.cfg")]
    public async Task A_name_with_the_MAC_in_any_spelling_serves_the_device_profile(string name)
    {
        await using var acs = await StartWithDeviceAsync();
        using var response = await acs.Files.GetAsync("cfg/" + name);
        Assert.Equal(200, (int)response.StatusCode);
        var profile = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("flat-profile", profile.Root!.Name.LocalName);
        Assert.Equal("device", profile.Root.Element("GPP_A")!.Value);
        Assert.Equal("model", profile.Root.Element("GPP_B")!.Value);
        Assert.Equal("global", profile.Root.Element("GPP_C")!.Value);
    }

    [Theory]
    [InlineData("CP-8841-3PCC.xml")]
    [InlineData("cp-8841-3pcc.cfg")]
    [InlineData("8841.xml")]
    public async Task A_model_name_serves_the_global_and_model_scopes(string name)
    {
        await using var acs = await StartWithDeviceAsync();
        using var response = await acs.Files.GetAsync("cfg/" + name);
        Assert.Equal(200, (int)response.StatusCode);
        var profile = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("model", profile.Element("GPP_B")!.Value);
        Assert.Equal("global", profile.Element("GPP_C")!.Value);
        Assert.Equal("model", profile.Element("GPP_A")!.Value);   // the device's own value stays out of the shared profile
    }

    [Fact]
    public async Task Gz_names_are_gzip_readable_by_GZipStream_and_the_real_gzip()
    {
        await using var acs = await StartWithDeviceAsync();
        var bytes = await acs.Files.GetByteArrayAsync($"cfg/{ConfigApi.Mac}.cfg.gz");
        Assert.Equal(new byte[] { 0x1f, 0x8b }, bytes[..2]);
        using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            Assert.Equal("device", XDocument.Parse(await reader.ReadToEndAsync()).Root!.Element("GPP_A")!.Value);
        }
        var real = await RealTool.OnFileAsync(bytes, "gzip", path => ["-dc", path]);
        Assert.Equal("device", XDocument.Parse(Encoding.UTF8.GetString(real)).Root!.Element("GPP_A")!.Value);
    }

    [Fact]
    public async Task With_an_encryption_key_the_real_openssl_decrypts_the_profile_plain_and_gzipped()
    {
        await using var acs = await StartWithDeviceAsync();
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "tags/secure", """{"_encryptionKey":"s3cret phrase"}""");
        await acs.SendJsonAsync(HttpMethod.Put, $"api/devices/{ConfigApi.DeviceId}/tags", """["secure"]""");

        var encrypted = await acs.Files.GetByteArrayAsync($"cfg/{ConfigApi.Mac}.cfg");
        Assert.Equal("Salted__"u8.ToArray(), encrypted[..8]);
        var plain = await RealTool.OnFileAsync(encrypted, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "s3cret phrase", "-in", path]);
        var profile = XDocument.Parse(Encoding.UTF8.GetString(plain)).Root!;
        Assert.Equal("device", profile.Element("GPP_A")!.Value);
        Assert.Null(profile.Element("_encryptionKey"));   // the key itself is never served

        var encryptedGzip = await acs.Files.GetByteArrayAsync($"cfg/{ConfigApi.Mac}.cfg.gz");
        var gzip = await RealTool.OnFileAsync(encryptedGzip, "openssl", path => ["enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", "s3cret phrase", "-in", path]);
        var text = await RealTool.OnFileAsync(gzip, "gzip", path => ["-dc", path]);
        Assert.Equal("device", XDocument.Parse(Encoding.UTF8.GetString(text)).Root!.Element("GPP_A")!.Value);

        // The model profile is not in the tag's scope: it stays plain.
        Assert.StartsWith("<?xml", await acs.Files.GetStringAsync("cfg/CP-8841-3PCC.xml"), StringComparison.Ordinal);
        var effective = await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/config");
        Assert.Equal("********", (string?)effective["settings"]!["_encryptionKey"]!["value"]);
        Assert.Equal("tag:secure", (string?)effective["settings"]!["_encryptionKey"]!["scope"]);
    }

    [Theory]
    [InlineData("cisco/CP-8841-3PCC-sip88xx.12-0-1 (FCH2216ABCD)", "sip88xx.12-0-1")]
    [InlineData("Cisco-CP-8841-3PCC/12.0.1 (00562b04dd5b)(FCH2216ABCD)", "12.0.1")]
    [InlineData("cisco/CP-8841-3PCC (FCH2216ABCD)", null)]
    public async Task Without_a_MAC_in_the_name_the_User_Agent_identifies_the_device_and_the_fetch_is_recorded(string userAgent, string? version)
    {
        await using var acs = await StartWithDeviceAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "cfg/profile.xml");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var response = await acs.Files.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("device", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("GPP_A")!.Value);

        var fetch = (await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/config"))["lastProfileFetch"]!;
        Assert.Equal("GET", (string?)fetch["method"]);
        Assert.Equal("profile.xml", (string?)fetch["fileName"]);
        Assert.Equal("127.0.0.1", (string?)fetch["remoteAddress"]);
        Assert.Equal(userAgent, (string?)fetch["userAgent"]);
        Assert.Equal(version, (string?)fetch["softwareVersion"]);
    }

    [Fact]
    public async Task A_POST_resync_is_answered_with_the_profile_and_its_status_body_recorded()
    {
        await using var acs = await StartWithDeviceAsync();
        using var response = await acs.Files.PostAsync($"cfg/{ConfigApi.Mac}.cfg", new StringContent("Resync_Reason=periodic&Uptime=3600", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("<GPP_A>device</GPP_A>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var fetch = (await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/config"))["lastProfileFetch"]!;
        Assert.Equal("POST", (string?)fetch["method"]);
        Assert.Equal("Resync_Reason=periodic&Uptime=3600", (string?)fetch["statusBody"]);

        using var huge = await acs.Files.PostAsync($"cfg/{ConfigApi.Mac}.cfg", new ByteArrayContent(new byte[100_000]));
        Assert.Equal(413, (int)huge.StatusCode);
    }

    [Fact]
    public async Task Unknown_devices_get_404_naming_the_file()
    {
        await using var acs = await StartWithDeviceAsync();
        using var unknownMac = await acs.Files.GetAsync("cfg/spa0011223344ff.cfg");
        Assert.Equal(404, (int)unknownMac.StatusCode);
        Assert.Contains("spa0011223344ff.cfg", await unknownMac.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "cfg/profile.xml");
        request.Headers.TryAddWithoutValidation("User-Agent", "cisco/CP-8841-3PCC (FCH9999ZZZZ)");
        using var unknownSerial = await acs.Files.SendAsync(request);
        Assert.Equal(404, (int)unknownSerial.StatusCode);
    }

    [Theory]
    [InlineData("/cfg/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/cfg/../../etc/passwd")]
    [InlineData("/cfg/a/../../../etc/passwd")]
    [InlineData("/cfg/..\\..\\acs.db")]
    [InlineData("/cfg/%2e%2e/acs.db")]
    [InlineData("/firmware/..%2Facs.db")]
    [InlineData("/firmware/../acs.db")]
    public async Task Path_traversal_is_refused(string target)
    {
        await using var acs = await StartWithDeviceAsync();
        var (status, body) = await RawGetAsync(acs.App.GetFilesUri(), target);
        Assert.True(status is 400 or 404, $"{target} → {status}");
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SQLite", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_server_port_does_not_serve_the_operator_API()
    {
        await using var acs = await StartWithDeviceAsync();
        using var response = await acs.Files.GetAsync("api/devices");
        Assert.Equal(404, (int)response.StatusCode);
        using var cfgOnApi = await acs.Api.GetAsync($"cfg/{ConfigApi.Mac}.cfg");
        Assert.Equal(404, (int)cfgOnApi.StatusCode);
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

    // HttpClient would normalise the path; a phone (or an attacker) sends the request line as is.
    private static async Task<(int Status, string Body)> RawGetAsync(Uri server, string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var status = int.Parse(text.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, text);
    }
}
