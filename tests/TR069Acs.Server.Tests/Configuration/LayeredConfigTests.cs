using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Configuration;

public sealed class LayeredConfigTests
{
    [Fact]
    public async Task Each_value_comes_from_the_highest_scope_that_sets_it_and_says_which()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs, tags: """["lab"]""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global",
            """{"GPP_A":"g","GPP_B":"g","GPP_C":"g","GPP_D":"g","Device.Time.NTPServer1":"ntp.global.example"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/cp-8841-3pcc", """{"GPP_B":"m","GPP_C":"m","GPP_D":"m"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/lab", """{"GPP_C":"t","GPP_D":"t"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_D":"d"}""");

        var effective = await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/config");
        var p = effective["parameters"]!;
        Assert.Equal(("g", "global"), Pair(p["GPP_A"]));
        Assert.Equal(("m", "model:CP-8841-3PCC"), Pair(p["GPP_B"]));
        Assert.Equal(("t", "tag:lab"), Pair(p["GPP_C"]));
        Assert.Equal(("d", "device"), Pair(p["GPP_D"]));
        Assert.Equal(("ntp.global.example", "global"), Pair(p["Primary_NTP_Server"]));   // stored by its flat name
        Assert.Equal(["global", "model:CP-8841-3PCC", "tag:lab", "device"], effective["scopes"]!.AsArray().Select(s => (string)s!));

        // PATCH null removes the device's own value: the tag's shows through.
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{ConfigApi.DeviceId}", """{"GPP_D":null}""");
        effective = await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/config");
        Assert.Equal(("t", "tag:lab"), Pair(effective["parameters"]!["GPP_D"]));

        var list = await acs.GetJsonAsync("api/devices");
        Assert.Equal(["lab"], list.AsArray().Single()!["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task Put_replaces_a_scope_and_patch_merges_into_it()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/floor-2", """{"GPP_A":"a","GPP_B":"b"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "tags/floor-2", """{"GPP_C":"c","GPP_A":null}""");
        var stored = (await acs.GetJsonAsync("api/config/tags/floor-2"))["parameters"]!.AsObject();
        Assert.Equal(["GPP_B", "GPP_C"], stored.Select(kv => kv.Key));

        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/floor-2", """{"GPP_D":"d"}""");
        stored = (await acs.GetJsonAsync("api/config/tags/floor-2"))["parameters"]!.AsObject();
        Assert.Equal(["GPP_D"], stored.Select(kv => kv.Key));
    }

    [Fact]
    public async Task Values_are_normalised_through_the_catalogue_and_standard_paths_become_flat_names()
    {
        await using var acs = await TestAcs.StartAsync();
        var stored = (await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/CP-8841-3PCC", """
            {"Line_Enable_1_":"no","Device.Services.VoiceService.1.VoiceProfile.2.Line.1.Enable":"Disabled",
             "Device.X_CISCO_COM_FlatProfile.GPP_A":"via-path","Upgrade_Enable":false,"Password_1_":"hunter2"}
            """))["parameters"]!;
        Assert.Equal("No", (string?)stored["Line_Enable_1_"]);
        Assert.Equal("No", (string?)stored["Line_Enable_2_"]);
        Assert.Equal("via-path", (string?)stored["GPP_A"]);
        Assert.Equal("No", (string?)stored["Upgrade_Enable"]);
        Assert.Equal("********", (string?)stored["Password_1_"]);   // secrets are not echoed

        // The mask sent back (GET → edit → PUT) keeps the stored secret.
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "models/CP-8841-3PCC", """{"Password_1_":"********","GPP_B":"x"}""");
        await ConfigApi.PreRegisterAsync(acs);
        // The layered value the phone would get over an authenticated channel (plain HTTP omits secrets: issue 16 §3).
        var device = await acs.App.Services.GetRequiredService<DeviceDirectory>().FindByMacAsync(ConfigApi.Mac.ToLowerInvariant(), CancellationToken.None);
        var effective = await acs.App.Services.GetRequiredService<ConfigService>().EffectiveForDeviceAsync(device!, CancellationToken.None);
        Assert.Equal("hunter2", effective.Values["Password_1_"].Value);
        using var profile = await acs.Files.GetAsync($"cfg/{ConfigApi.Mac}.cfg");
        Assert.DoesNotContain("hunter2", await profile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("global", """{"Resync_Periodic":"every hour"}""", "parameters.Resync_Periodic", "Resync_Periodic")]
    [InlineData("global", """{"Debug_Level":"7"}""", "parameters.Debug_Level", "out of range")]
    [InlineData("tags/lab", """{"No_Such_Parameter":"1"}""", "parameters.No_Such_Parameter", "Unknown parameter")]
    [InlineData("models/CP-8841-3PCC", """{"User_ID_11_":"1"}""", "parameters.User_ID_11_", "extension 11 does not exist")]
    [InlineData("models/CP-8841-3PCC", """{"Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort":"5070"}""",
        "parameters.Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort", "Proxy_1_")]
    [InlineData("models/CP-8841-3PCC", """{"Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServer":"sip.example","Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort":"70000"}""",
        "parameters.Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort", "not a port number")]
    [InlineData("global", """{"Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort":"5070","Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServer":"bad host!"}""",
        "parameters.Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServer", "not a host name")]
    [InlineData("global", """{"_secretSauce":"x"}""", "parameters._secretSauce", "reserved")]
    [InlineData("tags/bad tag!", """{"GPP_A":"x"}""", "tag", "not a valid tag")]
    public async Task Bad_names_and_values_are_refused_naming_the_parameter_and_the_rule(string scope, string parameters, string field, string expected)
    {
        await using var acs = await TestAcs.StartAsync();
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Put, $"api/config/{scope}", $$"""{"parameters":{{parameters}}}""");
        Assert.Equal(400, status);
        var errors = body!["errors"]![field]!.AsArray();
        Assert.Contains(expected, (string)errors[0]!, StringComparison.Ordinal);
        // Nothing was stored.
        if (!scope.Contains(' ', StringComparison.Ordinal))
        {
            Assert.Empty((await acs.GetJsonAsync($"api/config/{scope}"))["parameters"]!.AsObject());
        }
    }

    [Theory]
    [InlineData("models/CP-8841-3PCC")]
    [InlineData("global")]
    public async Task Host_and_port_paths_given_in_one_write_make_the_whole_flat_value_in_either_order(string scope)
    {
        await using var acs = await TestAcs.StartAsync();
        var stored = (await ConfigApi.WriteAsync(acs, HttpMethod.Put, scope, """
            {"Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServer":"sip.carrier.example",
             "Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort":"5070",
             "Device.Services.VoiceService.1.VoiceProfile.1.SIP.OutboundProxyPort":5080,
             "Device.Services.VoiceService.1.VoiceProfile.1.SIP.OutboundProxy":"obp.carrier.example"}
            """))["parameters"]!;

        Assert.Equal("sip.carrier.example:5070", (string?)stored["Proxy_1_"]);
        Assert.Equal("obp.carrier.example:5080", (string?)stored["Outbound_Proxy_1_"]);
        Assert.Equal(["Outbound_Proxy_1_", "Proxy_1_"], stored.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_device_scope_of_an_unknown_device_is_404()
    {
        await using var acs = await TestAcs.StartAsync();
        var (status, _, _) = await acs.SendJsonAsync(HttpMethod.Put, "api/config/devices/000000-Nope-1", """{"parameters":{"GPP_A":"x"}}""");
        Assert.Equal(404, status);
    }

    private static (string?, string?) Pair(JsonNode? node) => ((string?)node?["value"], (string?)node?["scope"]);
}
