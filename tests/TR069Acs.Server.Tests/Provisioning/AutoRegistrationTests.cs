using System.Xml.Linq;
using TR069Acs.Server.Provisioning;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Provisioning;

/// <summary><c>Acs:AutoRegistration</c>: Off keeps the 404 for unknown devices; Bootstrap registers a device the request
/// identifies (tag <c>auto</c>) and serves it its effective configuration.</summary>
public sealed class AutoRegistrationTests
{
    private const string Agent = "cisco/CP-8841-3PCC-sip88xx.12-0-1MPP0001-224 (FCH2216ABCD)";

    [Fact]
    public async Task Off_an_unknown_device_gets_404_and_nothing_is_registered()
    {
        await using var acs = await StartAsync(AutoRegistrationMode.Off);

        var (status, _) = await FetchAsync(acs, $"cfg/spa{ConfigApi.Mac}.cfg", Agent);

        Assert.Equal(404, status);
        Assert.Empty((await acs.GetJsonAsync("api/devices")).AsArray());
    }

    [Fact]
    public async Task Bootstrap_registers_the_device_with_tag_auto_and_serves_its_effective_configuration()
    {
        await using var acs = await StartAsync(AutoRegistrationMode.Bootstrap);

        var (status, body) = await FetchAsync(acs, $"cfg/spa{ConfigApi.Mac.ToLowerInvariant()}.cfg", Agent);

        Assert.Equal(200, status);
        var profile = XDocument.Parse(body).Root!;
        Assert.Equal("global", profile.Element("GPP_C")!.Value);
        Assert.Equal("model", profile.Element("GPP_B")!.Value);
        Assert.Equal("bootstrap", profile.Element("GPP_A")!.Value);
        var device = await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}");
        Assert.Equal(["auto"], device["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("CP-8841-3PCC", (string?)device["productClass"]);

        // The next request finds the registered device: no second registration.
        Assert.Equal(200, (await FetchAsync(acs, $"cfg/{ConfigApi.Mac}.xml", Agent)).Status);
        Assert.Single((await acs.GetJsonAsync("api/devices")).AsArray());
    }

    [Fact]
    public async Task Bootstrap_registers_from_a_User_Agent_that_carries_MAC_and_serial()
    {
        await using var acs = await StartAsync(AutoRegistrationMode.Bootstrap);

        var (status, _) = await FetchAsync(acs, "cfg/profile.xml", $"Cisco-CP-8841-3PCC/12.0.1 ({ConfigApi.Mac.ToLowerInvariant()})({ConfigApi.Serial})");

        Assert.Equal(200, status);
        var device = await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}");
        Assert.Equal("00:56:2B:04:DD:5B", (string?)device["macAddress"]);
    }

    [Theory]
    [InlineData(null)]                                        // no User-Agent: no serial, no model
    [InlineData("curl/8.5.0")]                                // not a phone
    [InlineData("cisco/CP-9999-XYZ (FCH2216ABCD)")]           // a model the catalogue does not know
    public async Task Bootstrap_keeps_404_for_a_request_that_does_not_identify_a_phone(string? userAgent)
    {
        await using var acs = await StartAsync(AutoRegistrationMode.Bootstrap);

        var (status, _) = await FetchAsync(acs, $"cfg/spa{ConfigApi.Mac}.cfg", userAgent);

        Assert.Equal(404, status);
        Assert.Empty((await acs.GetJsonAsync("api/devices")).AsArray());
    }

    private static async Task<TestAcs> StartAsync(AutoRegistrationMode mode)
    {
        var acs = await TestAcs.StartAsync(o => o.AutoRegistration = mode);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_A":"global","GPP_B":"global","GPP_C":"global"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/CP-8841-3PCC", """{"GPP_A":"model","GPP_B":"model"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/auto", """{"GPP_A":"bootstrap"}""");
        return acs;
    }

    private static async Task<(int Status, string Body)> FetchAsync(TestAcs acs, string path, string? userAgent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }
        using var response = await acs.Files.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
