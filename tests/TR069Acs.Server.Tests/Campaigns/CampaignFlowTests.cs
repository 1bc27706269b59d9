using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class CampaignFlowTests
{
    private const string Model = "CP-8841-3PCC";

    [Fact]
    public async Task A_small_campaign_upgrades_every_phone_and_completes()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200);

        await UpgradeTwoPhonesAsync(acs, "FCH00", seconds: 20);
    }

    /// <summary>Two phones on 12.0.1 and a campaign to 12.0.2 run session by session to completion: both succeed, each
    /// received one Download with the campaign's CommandKey and runs the new version (the same flow on every provider).</summary>
    internal static async Task UpgradeTwoPhonesAsync(TestAcs acs, string serialPrefix, int seconds)
    {
        using var a = new UpgradingPhone(acs, serialPrefix + "1", Model, "sip88xx.12-0-1");
        using var b = new UpgradingPhone(acs, serialPrefix + "2", Model, "sip88xx.12-0-1");
        await a.SessionAsync();
        await b.SessionAsync();
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");

        var campaign = await CreateAsync(acs, $$"""{"name":"spring","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}""");
        var id = (long)campaign["id"]!;
        await QueuedAsync(acs, a.DeviceId);
        await QueuedAsync(acs, b.DeviceId);

        await a.SessionAsync();   // receives the Download
        await b.SessionAsync();
        await a.SessionAsync();   // reboots into 12.0.2: Inform, TransferComplete
        await b.SessionAsync();

        var done = await WaitForAsync(acs, id, c => (string?)c["status"] == "completed", "completed", seconds);
        Assert.Equal(2, (long)done["counts"]!["succeeded"]!);
        foreach (var phone in new[] { a, b })
        {
            Assert.Equal("12.0.2", phone.SoftwareVersion);
            Assert.StartsWith($"campaign:{id}:", Assert.Single(phone.Downloads).CommandKey, StringComparison.Ordinal);
        }
        Assert.Equal($"campaign:{id}:1:1", a.Downloads[0].CommandKey);
    }

    internal static async Task<string> UploadAsync(TestAcs acs, string[] models, string version)
    {
        var image = FirmwareImage.Pack(models, version, RandomNumberGenerator.GetBytes(4096));
        using var response = await acs.Api.PostAsync("api/firmware", new ByteArrayContent(image));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    internal static async Task<JsonObject> CreateAsync(TestAcs acs, string json)
    {
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/campaigns", json);
        Assert.True(status == 201, $"POST /api/campaigns → {status}: {body}");
        return body!.AsObject();
    }

    /// <summary>Waits until a campaign Download is queued for the device (the campaign counts it in progress a moment
    /// before its task exists).</summary>
    internal static Task QueuedAsync(TestAcs acs, string deviceId, int downloads = 1)
        => TestAcs.EventuallyAsync(async () => (await acs.GetJsonAsync($"api/devices/{deviceId}/tasks")).AsArray()
            .Count(t => (string?)t!["type"] == "download" && ((string?)t["commandKey"] ?? "").StartsWith("campaign:", StringComparison.Ordinal)) >= downloads,
            $"{downloads} campaign Download(s) queued for {deviceId}");

    internal static async Task<JsonObject> WaitForAsync(TestAcs acs, long id, Func<JsonObject, bool> condition, string what, int seconds = 20)
    {
        JsonObject campaign = null!;
        await TestAcs.EventuallyAsync(async () => condition(campaign = (await acs.GetJsonAsync($"api/campaigns/{id}")).AsObject()),
            $"campaign {id}: {what}", seconds);
        return campaign;
    }
}
