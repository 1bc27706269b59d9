using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TR069Acs.Server.Files;
using TR069Acs.Server.Tests.Support;
using TR069Acs.Server.Tests.Tftp;

namespace TR069Acs.Server.Tests.Firmware;

/// <summary>Acs:FirmwareAuth PerDownload: each Download task carries its own credentials, and the file server asks
/// for them (HTTP Basic, checked here with the real curl).</summary>
public sealed class FirmwareCredentialTests
{
    [ExternalToolFact(ExternalTool.Curl)]
    public async Task A_download_task_gets_generated_credentials_that_open_its_image_and_no_other()
    {
        await using var acs = await TestAcs.StartAsync(o => o.FirmwareAuth = FirmwareAuthMode.PerDownload);
        var target = await FirmwareImages.UploadAsync(acs, "12.0.2");
        var other = await FirmwareImages.UploadAsync(acs, "12.0.3");
        using var cpe = await InformedCpeAsync(acs);
        var url = new Uri(acs.Files.BaseAddress!, $"firmware/{target.FileName}");

        var task = await acs.QueueAsync(cpe.DeviceId, new { type = "download", fileType = "1 Firmware Upgrade Image", url = url.ToString() });
        Assert.StartsWith("fw-", (string?)task["payload"]!["username"], StringComparison.Ordinal);
        Assert.Equal("********", (string?)task["payload"]!["password"]);   // the API never shows it
        var (username, password) = await DownloadCredentialsAsync(cpe);
        Assert.Equal((string?)task["payload"]!["username"], username);

        var anonymous = await CurlAsync(url);
        Assert.Equal(401, anonymous.Status);
        Assert.Matches("(?i)WWW-Authenticate: Basic realm=\"firmware\"", anonymous.Headers);

        var granted = await CurlAsync(url, $"{username}:{password}");
        Assert.Equal(200, granted.Status);
        Assert.Equal(target.Bytes, granted.Body);

        Assert.Equal(401, (await CurlAsync(url, $"{username}:not-{password}")).Status);
        Assert.Equal(401, (await CurlAsync(url, $"someone:{password}")).Status);
        var foreign = await CurlAsync(new Uri(acs.Files.BaseAddress!, $"firmware/{other.Sha256}"), $"{username}:{password}");
        Assert.Equal(403, foreign.Status);
        Assert.Contains("another firmware image", System.Text.Encoding.UTF8.GetString(foreign.Body), StringComparison.Ordinal);
    }

    [ExternalToolFact(ExternalTool.Curl)]
    public async Task Credentials_given_in_the_task_are_the_ones_required()
    {
        await using var acs = await TestAcs.StartAsync(o => o.FirmwareAuth = FirmwareAuthMode.PerDownload);
        var image = await FirmwareImages.UploadAsync(acs, "12.0.2");
        using var cpe = await InformedCpeAsync(acs);
        var url = new Uri(acs.Files.BaseAddress!, $"firmware/{image.Sha256}");

        await acs.QueueAsync(cpe.DeviceId, new { type = "download", fileType = "1 Firmware Upgrade Image", url = url.ToString(), username = "tech", password = "s3cret:with colon" });

        Assert.Equal(("tech", "s3cret:with colon"), await DownloadCredentialsAsync(cpe));
        var granted = await CurlAsync(url, "tech:s3cret:with colon");
        Assert.Equal(200, granted.Status);
        Assert.Equal(image.Bytes, granted.Body);
        Assert.Equal(401, (await CurlAsync(url, "tech:s3cret")).Status);
    }

    [Theory]
    [InlineData("""{"username":"tech"}""", "password")]
    [InlineData("""{"password":"p"}""", "username")]
    [InlineData("""{"username":"a:b","password":"p"}""", "username")]
    [InlineData("""{"tftp":true}""", "url")]
    public async Task Half_given_credentials_or_a_TFTP_URL_are_refused_naming_the_member(string extra, string field)
    {
        await using var acs = await TestAcs.StartAsync(o => o.FirmwareAuth = FirmwareAuthMode.PerDownload);
        var image = await FirmwareImages.UploadAsync(acs, "12.0.2");
        using var cpe = await InformedCpeAsync(acs);
        var body = JsonNode.Parse(extra)!.AsObject();
        var scheme = body.Remove("tftp") ? "tftp://127.0.0.1/" : acs.Files.BaseAddress!.ToString();
        body["type"] = "download";
        body["fileType"] = "1 Firmware Upgrade Image";
        body["url"] = $"{scheme}firmware/{image.FileName}";

        var (status, problem, _) = await acs.SendJsonAsync(HttpMethod.Post, $"api/devices/{Uri.EscapeDataString(cpe.DeviceId)}/tasks", body.ToJsonString());

        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]![field]);
        Assert.Empty((await acs.GetJsonAsync($"api/devices/{Uri.EscapeDataString(cpe.DeviceId)}/tasks")).AsArray());
    }

    [ExternalToolFact(ExternalTool.Curl)]
    public async Task With_firmware_auth_off_images_are_served_to_anyone_and_tasks_keep_their_credentials_as_given()
    {
        await using var acs = await TestAcs.StartAsync();
        var image = await FirmwareImages.UploadAsync(acs, "12.0.2");
        using var cpe = await InformedCpeAsync(acs);
        var url = new Uri(acs.Files.BaseAddress!, $"firmware/{image.FileName}");

        var task = await acs.QueueAsync(cpe.DeviceId, new { type = "download", fileType = "1 Firmware Upgrade Image", url = url.ToString() });

        Assert.Equal("", (string?)task["payload"]!["username"]);
        Assert.Equal(("", ""), await DownloadCredentialsAsync(cpe));
        Assert.Equal(200, (await CurlAsync(url)).Status);
    }

    private static async Task<ScriptedCpe> InformedCpeAsync(TestAcs acs)
    {
        var cpe = acs.Cpe(serial: "FW0001", productClass: "CP-8841-3PCC");
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        return cpe;
    }

    /// <summary>Runs a session and returns the Username/Password of the Download RPC the ACS sends.</summary>
    private static async Task<(string Username, string Password)> DownloadCredentialsAsync(ScriptedCpe cpe)
    {
        Assert.Equal(200, (await cpe.InformAsync("6 CONNECTION REQUEST")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("Download", request.Method);
        return (Element(request.Body, "Username"), Element(request.Body, "Password"));
    }

    private static string Element(string body, string name)
        => System.Net.WebUtility.HtmlDecode(Regex.Match(body, $"<{name}(?: [^>]*)?>([^<]*)</{name}>|<{name}(?: [^>]*)?/>").Groups[1].Value);

    private static async Task<(int Status, string Headers, byte[] Body)> CurlAsync(Uri url, string? userAndPassword = null)
    {
        var directory = Directory.CreateTempSubdirectory("curl-").FullName;
        try
        {
            var headers = Path.Combine(directory, "headers");
            var body = Path.Combine(directory, "body");
            List<string> arguments = ["-sS", "-D", headers, "-o", body, "-w", "%{http_code}"];
            if (userAndPassword is not null)
            {
                arguments.AddRange(["--basic", "-u", userAndPassword]);
            }
            arguments.Add(url.ToString());
            var (exit, output) = await ExternalTool.RunAsync(ExternalTool.Curl, [.. arguments]);
            Assert.True(exit == 0, $"curl exited {exit}: {output}");
            return (int.Parse(output.Trim()[^3..], System.Globalization.CultureInfo.InvariantCulture), await File.ReadAllTextAsync(headers),
                File.Exists(body) ? await File.ReadAllBytesAsync(body) : []);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
