using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Configuration;

public sealed class PreRegistrationTests
{
    [Fact]
    public async Task A_pre_registered_device_is_the_same_device_its_first_Inform_reports()
    {
        await using var acs = await TestAcs.StartAsync();
        var created = await ConfigApi.PreRegisterAsync(acs, mac: "00:56:2b:04:dd:5b", model: "cp-8841-3pcc", tags: """["lab"]""");
        Assert.Equal(ConfigApi.DeviceId, (string?)created["id"]);
        Assert.Equal("CP-8841-3PCC", (string?)created["productClass"]);
        Assert.Null((await acs.GetJsonAsync("api/devices")).AsArray().Single()!["lastInform"]);

        using var cpe = acs.Cpe(serial: ConfigApi.Serial, oui: "00562B", productClass: "CP-8841-3PCC");
        cpe.InformParameters.Add(("Device.LAN.MACAddress", "00:56:2B:04:DD:5B"));
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        await TestAcs.EventuallyAsync(async () =>
            (await acs.GetJsonAsync("api/devices")).AsArray().Single()!["lastInform"] is { } informed && informed.GetValue<DateTimeOffset>().Year > 2000,
            "the Inform updates the pre-registered device");
        var devices = (await acs.GetJsonAsync("api/devices")).AsArray();
        var device = Assert.Single(devices);
        Assert.Equal(ConfigApi.DeviceId, (string?)device!["id"]);
        Assert.Equal(["lab"], device["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task The_same_device_or_MAC_twice_is_a_conflict_and_bad_members_are_400()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.PreRegisterAsync(acs);

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices",
            $$"""{"mac":"{{ConfigApi.Mac}}","serial":"{{ConfigApi.Serial}}","model":"CP-8841-3PCC"}""");
        Assert.Equal(409, status);
        (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices",
            """{"mac":"00-56-2B-04-DD-5B","serial":"OTHER","model":"CP-8841-3PCC"}""");
        Assert.Equal(409, status);
        Assert.Contains(ConfigApi.DeviceId, (string?)body!["detail"], StringComparison.Ordinal);

        (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices", """{"mac":"00562B04DD","serial":"X","model":"CP-8841-3PCC"}""");
        Assert.Equal(400, status);
        Assert.NotNull(body!["errors"]!["mac"]);
        (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices", """{"mac":"00562B04DD5C","model":"CP-8841-3PCC"}""");
        Assert.Equal(400, status);
        Assert.NotNull(body!["errors"]!["serial"]);
    }
}
