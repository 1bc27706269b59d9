using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Campaigns;
using TR069Acs.Server.Tasks;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Campaigns.CampaignFlowTests;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class CampaignStoreTests
{
    internal static readonly CampaignDefinition Definition = new("t", "f", new DeviceSelector(null, ["M"], null, null, null, null),
        new CampaignSchedule(DateTimeOffset.UnixEpoch, null, null), 100, null, null, new StopRules(null, null, 1800), new RetryPolicy(1, 0), false);

    [Fact]
    public async Task A_tick_after_a_crash_between_claiming_and_queueing_queues_the_Download_once()
    {
        await using var acs = await TestAcs.StartAsync();
        using var claimedOnly = new UpgradingPhone(acs, "FCH800", "CP-8841-3PCC", "sip88xx.12-0-1");
        using var notLinked = new UpgradingPhone(acs, "FCH801", "CP-8841-3PCC", "sip88xx.12-0-1");
        await claimedOnly.SessionAsync();
        await notLinked.SessionAsync();
        var firmwareId = await UploadAsync(acs, ["CP-8841-3PCC"], "12.0.2");
        // Far in the future: Quartz never ticks it; the test plays the ticks.
        var id = (long)(await CreateAsync(acs, $$$"""{"name":"x","firmwareId":"{{{firmwareId}}}","selector":{"models":["CP-8841-3PCC"]},"schedule":{"start":"2099-01-01T00:00:00Z"},"connectionRequest":false}"""))["id"]!;
        var services = acs.App.Services;
        var store = services.GetRequiredService<CampaignStore>();
        var runner = services.GetRequiredService<CampaignRunner>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(await store.StartAsync(id, [new Member(claimedOnly.DeviceId, 0, null), new Member(notLinked.DeviceId, 0, null)], now, default));
        var claims = await store.ClaimAsync(id, await store.PendingCandidatesAsync(id, 0, now, 10, default), now, default);
        // The second device's task was created, then the ACS died before linking it.
        var device = (await services.GetRequiredService<TaskService>().FindDeviceAsync(notLinked.DeviceId, default))!;
        var orphan = await services.GetRequiredService<TaskService>().CreateAsync(device, new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "download", ["fileType"] = "1 Firmware Upgrade Image", ["url"] = $"{acs.Files.BaseAddress}firmware/{firmwareId}",
            ["commandKey"] = claims.Single(c => c.DeviceId == notLinked.DeviceId).CommandKey,
        }, default);

        Assert.True(await runner.TickAsync(id, default));
        Assert.True(await runner.TickAsync(id, default));

        foreach (var phone in new[] { claimedOnly, notLinked })
        {
            var downloads = (await acs.GetJsonAsync($"api/devices/{phone.DeviceId}/tasks")).AsArray();
            Assert.Equal(claims.Single(c => c.DeviceId == phone.DeviceId).CommandKey, (string?)Assert.Single(downloads)!["commandKey"]);
        }
        Assert.Equal(orphan.Id, (await store.GetDeviceAsync(id, notLinked.DeviceId, default))!.TaskId);
        await claimedOnly.SessionAsync();
        Assert.Single(claimedOnly.Downloads);
    }

    [Fact]
    public async Task A_device_upgraded_since_the_start_gets_no_Download()
    {
        await using var acs = await TestAcs.StartAsync();
        using var upgraded = acs.Cpe("FCH810", "00562B", "CP-8841-3PCC");
        using var waiting = new UpgradingPhone(acs, "FCH811", "CP-8841-3PCC", "sip88xx.12-0-1");
        upgraded.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1"));
        Assert.Equal(200, (await upgraded.InformAsync()).Status);
        Assert.Equal(204, (await upgraded.EmptyAsync()).Status);
        await waiting.SessionAsync();
        var firmwareId = await UploadAsync(acs, ["CP-8841-3PCC"], "12.0.2");
        var id = (long)(await CreateAsync(acs, $$$"""{"name":"x","firmwareId":"{{{firmwareId}}}","selector":{"models":["CP-8841-3PCC"]},"schedule":{"start":"2099-01-01T00:00:00Z"},"connectionRequest":false}"""))["id"]!;
        var store = acs.App.Services.GetRequiredService<CampaignStore>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(await store.StartAsync(id, [new Member(upgraded.DeviceId, 0, null), new Member(waiting.DeviceId, 0, null)], now, default));
        // Upgraded by other means after membership was resolved.
        upgraded.InformParameters.Clear();
        upgraded.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-2"));
        Assert.Equal(200, (await upgraded.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await upgraded.EmptyAsync()).Status);
        await TestAcs.EventuallyAsync(async () => (string?)(await acs.GetJsonAsync($"api/devices/{upgraded.DeviceId}"))["softwareVersion"] == "sip88xx.12-0-2",
            "the new version stored");

        await acs.App.Services.GetRequiredService<CampaignRunner>().TickAsync(id, default);

        var devices = (await acs.GetJsonAsync($"api/campaigns/{id}/devices")).AsArray().ToDictionary(d => (string)d!["deviceId"]!, d => d!);
        Assert.Equal("skipped", (string?)devices[upgraded.DeviceId]["state"]);
        Assert.Equal("already on the target version 12.0.2", (string?)devices[upgraded.DeviceId]["reason"]);
        Assert.Equal("inProgress", (string?)devices[waiting.DeviceId]["state"]);
        Assert.Empty((await acs.GetJsonAsync($"api/devices/{upgraded.DeviceId}/tasks")).AsArray());
    }

    private static Task<bool> Run(Func<Task<bool>> action) => Task.Run(action);
}
