using System.Net.Http.Headers;
using System.Text;
using TR069Acs.Cwmp.Auth;
using TR069Acs.Server.CpeAuth;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>Session start: the Inform registers the device and the session ends with 204 when nothing is queued.</summary>
public sealed class InformTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Bootstrap_inform_registers_the_device_and_an_empty_post_ends_the_session()
    {
        using var cpe = _acs.Cpe("FCH0001");
        cpe.InformParameters.AddRange([
            ("Device.DeviceInfo.SoftwareVersion", "1.2.3"),
            ("Device.DeviceInfo.HardwareVersion", "V04"),
            ("Device.ManagementServer.ConnectionRequestURL", "http://127.0.0.1:9/cr"),
            ("Device.LAN.MACAddress", "00:d0:9e:00:00:01"),
        ]);

        var inform = await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT");

        Assert.Equal(200, inform.Status);
        Assert.Equal("InformResponse", inform.Method);
        Assert.Equal("inform-1", inform.CwmpId);
        Assert.Contains("<MaxEnvelopes>1</MaxEnvelopes>", inform.Body, StringComparison.Ordinal);
        Assert.Contains(Soap.Cwmp12, inform.Body, StringComparison.Ordinal);
        var cookie = Assert.Single(inform.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("session=", cookie, StringComparison.Ordinal);

        var end = await cpe.EmptyAsync();
        Assert.Equal(204, end.Status);

        await TestAcs.EventuallyAsync(async () => (await _acs.GetJsonAsync("api/devices")).AsArray().Count == 1, "the device to be listed");
        var listed = (await _acs.GetJsonAsync("api/devices")).AsArray().Single()!;
        Assert.Equal("00D09E-TestPhone-FCH0001", (string?)listed["id"]);
        Assert.Equal("00D09E", (string?)listed["oui"]);
        Assert.Equal("TestPhone", (string?)listed["productClass"]);
        Assert.Equal("FCH0001", (string?)listed["serialNumber"]);
        Assert.Equal("1.2.3", (string?)listed["softwareVersion"]);
        Assert.Equal("00:d0:9e:00:00:01", (string?)listed["macAddress"]);
        Assert.Empty(listed["tags"]!.AsArray());

        var device = await _acs.GetJsonAsync("api/devices/00D09E-TestPhone-FCH0001");
        Assert.Equal("Acme", (string?)device["manufacturer"]);
        Assert.Equal("http://127.0.0.1:9/cr", (string?)device["connectionRequestUrl"]);
        Assert.Equal("127.0.0.1", (string?)device["remoteAddress"]);
        Assert.Equal(["0 BOOTSTRAP", "1 BOOT"], device["lastEvents"]!.AsArray().Select(e => (string?)e!["eventCode"]));

        var parameters = (await _acs.GetJsonAsync("api/devices/00D09E-TestPhone-FCH0001/parameters?prefix=Device.DeviceInfo.")).AsArray();
        Assert.Equal(["Device.DeviceInfo.HardwareVersion", "Device.DeviceInfo.SoftwareVersion"], parameters.Select(p => (string?)p!["name"]));
    }

    [Fact]
    public async Task A_later_inform_updates_the_stored_values_and_events()
    {
        using var cpe = _acs.Cpe("FCH0002");
        cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "1.0"));
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        cpe.InformParameters[0] = ("Device.DeviceInfo.SoftwareVersion", "2.0");
        Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        await TestAcs.EventuallyAsync(async () =>
            (string?)(await _acs.GetJsonAsync("api/devices/00D09E-TestPhone-FCH0002"))["softwareVersion"] == "2.0", "the new version");
        var device = await _acs.GetJsonAsync("api/devices/00D09E-TestPhone-FCH0002");
        Assert.Equal(["2 PERIODIC"], device["lastEvents"]!.AsArray().Select(e => (string?)e!["eventCode"]));
        var value = (await _acs.GetJsonAsync("api/devices/00D09E-TestPhone-FCH0002/parameters?prefix=Device.DeviceInfo.SoftwareVersion")).AsArray().Single()!;
        Assert.Equal("2.0", (string?)value["value"]);
    }

    [Fact]
    public async Task Device_ids_are_url_safe()
    {
        using var cpe = _acs.Cpe("SN 1/2", productClass: "Phone+X");
        Assert.Equal(200, (await cpe.InformAsync()).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        var device = await _acs.GetJsonAsync($"api/devices/{Uri.EscapeDataString("00D09E-Phone%2BX-SN%201%2F2")}");
        Assert.Equal("SN 1/2", (string?)device["serialNumber"]);
    }

    [Fact]
    public async Task Cwmp_1_0_client_with_literal_prefixes_unasked_basic_auth_and_hand_echoed_cookies_works()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var inform = Soap.Envelope(Soap.Inform("00183F", "SPA504G", "CBT0001", ["1 BOOT"], [("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "7.6.2")]),
            id: "4711", ns: Soap.Cwmp10, envPrefix: "SOAP-ENV");

        // Basic sent unasked over plain HTTP is refused (it would reveal the password); the challenge offers Digest only.
        using var basic = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new StringContent(inform, Encoding.UTF8, "text/xml") };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.ASCII.GetBytes($"{CpeAuthOptions.LabBootstrapUsername}:{CpeAuthOptions.LabBootstrapPassword}")));
        using var refused = await http.SendAsync(basic);
        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Contains("only over HTTPS", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var challenges = refused.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
        Assert.DoesNotContain(challenges, c => c.StartsWith("Basic", StringComparison.Ordinal));
        Assert.True(DigestAuth.TryParseChallenge(Assert.Single(challenges), out var challenge));

        using var digest = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new StringContent(inform, Encoding.UTF8, "text/xml") };
        digest.Headers.TryAddWithoutValidation("Authorization", DigestAuth.CreateAuthorization(challenge, "POST", _acs.CwmpUri.PathAndQuery,
            CpeAuthOptions.LabBootstrapUsername, CpeAuthOptions.LabBootstrapPassword, "0a4f113b", 1));
        using var first = await http.SendAsync(digest);
        var body = await first.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Contains($"xmlns:cwmp=\"{Soap.Cwmp10}\"", body, StringComparison.Ordinal);
        Assert.Contains("<cwmp:InformResponse>", body, StringComparison.Ordinal);
        Assert.Contains(">4711</cwmp:ID>", body, StringComparison.Ordinal);
        var cookie = first.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        // The ACS sets the device's own credentials first, in the 1.0 namespace and on its TR-098 root.
        using var empty = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new ByteArrayContent([]) };
        empty.Headers.Add("Cookie", cookie);
        using var bind = await http.SendAsync(empty);
        var bindBody = await bind.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)bind.StatusCode);
        Assert.Contains($"xmlns:cwmp=\"{Soap.Cwmp10}\"", bindBody, StringComparison.Ordinal);
        Assert.Contains("<Name>InternetGatewayDevice.ManagementServer.Password</Name>", bindBody, StringComparison.Ordinal);
        var bindId = new ScriptedCpe.Reply(200, bindBody, bind.Headers).CwmpId;

        using var answer = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri)
        {
            Content = new StringContent(Soap.Envelope("<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>", bindId, Soap.Cwmp10, "SOAP-ENV"),
                Encoding.UTF8, "text/xml"),
        };
        answer.Headers.Add("Cookie", cookie);
        using var end = await http.SendAsync(answer);
        Assert.Equal(204, (int)end.StatusCode);
        await TestAcs.EventuallyAsync(async () => (await _acs.Api.GetAsync("api/devices/00183F-SPA504G-CBT0001")).IsSuccessStatusCode, "the 1.0 device");
    }

    [Fact]
    public async Task Cpe_that_echoes_no_cookie_is_followed_on_its_connection()
    {
        using var cpe = _acs.Cpe("NOCOOKIE", useCookies: false);
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        var device = cpe.DeviceId;
        await TestAcs.EventuallyAsync(async () => (await _acs.Api.GetAsync($"api/devices/{device}")).IsSuccessStatusCode, "the device");
        await _acs.QueueAsync(device, new { type = "getParameterValues", parameterNames = new[] { "Device.DeviceInfo.UpTime" } });

        var request = await cpe.EmptyAsync();

        Assert.Equal(200, request.Status);
        Assert.Equal("GetParameterValues", request.Method);
    }

    [Fact]
    public async Task Empty_post_whitespace_only_counts_as_empty()
    {
        using var cpe = _acs.Cpe("WS");
        Assert.Equal(200, (await cpe.InformAsync()).Status);
        Assert.Equal(204, (await cpe.PostAsync("  \r\n ")).Status);
    }
}
