using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Campaigns.CampaignFlowTests;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class CampaignApiTests
{
    private const string Model = "CP-8841-3PCC";

    private static readonly (string Json, string Field)[] _invalid =
    [
        ("""{"firmwareId":"F","selector":{"models":["M"]}}""", "name"),
        ("""{"name":"x","selector":{"models":["M"]}}""", "firmwareId"),
        ("""{"name":"x","firmwareId":"F"}""", "selector"),
        ("""{"name":"x","firmwareId":"F","selector":{}}""", "selector"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":[]}}""", "selector.models"),
        ("""{"name":"x","firmwareId":"F","selector":{"softwareVersionBelow":"soon"}}""", "selector.softwareVersionBelow"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"maxConcurrent":0}""", "maxConcurrent"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"schedule":{"start":"2026-11-23 10:00"}}""", "schedule.start"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"schedule":{"start":"2026-11-23T10:00:00Z","end":"2026-11-23T09:00:00Z"}}""", "schedule.end"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"schedule":{"window":{"from":"01:00","to":"05:00","timeZone":"Nowhere/City"}}}""", "schedule.window.timeZone"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"phases":{"percentages":[50,10]}}""", "phases.percentages[1]"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"phases":{"canary":5,"minSuccessRate":1.5}}""", "phases.minSuccessRate"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"stopRules":{"maxFailureRate":{"failures":20,"window":10}}}""", "stopRules.maxFailureRate.failures"),
        ("""{"name":"x","firmwareId":"F","selector":{"models":["M"]},"retry":{"maxAttempts":"two"}}""", "retry.maxAttempts"),
        ("""{"name":"x","firmwareId":"0000000000000000000000000000000000000000000000000000000000000000","selector":{"models":["M"]}}""", "firmwareId"),
    ];

    [Fact]
    public async Task An_invalid_campaign_is_refused_naming_the_member()
    {
        await using var acs = await TestAcs.StartAsync();
        foreach (var (json, field) in _invalid)
        {
            var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/campaigns", json);
            Assert.True(status == 400, $"{json} → {status}");
            Assert.True(body!["errors"]![field] is JsonArray { Count: 1 }, $"expected an error for '{field}': {body}");
        }
        Assert.Empty((await acs.GetJsonAsync("api/campaigns")).AsArray());
    }

    [Fact]
    public async Task The_campaign_echoes_the_request_with_defaults_and_lists_newest_first()
    {
        await using var acs = await TestAcs.StartAsync();
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");
        var first = await CreateAsync(acs, $$$"""{"name":"one","firmwareId":"{{{firmwareId}}}","selector":{"models":["{{{Model}}}"]},"schedule":{"start":"2099-01-01T00:00:00+01:00"}}""");
        Assert.Equal("scheduled", (string?)first["status"]);
        Assert.Equal("12.0.2", (string?)first["targetVersion"]);
        Assert.Equal(100, (int)first["maxConcurrent"]!);
        Assert.Equal(1800, (int)first["stopRules"]!["confirmTimeoutSeconds"]!);
        Assert.Equal(1, (int)first["retry"]!["maxAttempts"]!);
        Assert.True((bool)first["connectionRequest"]!);
        Assert.Null(first["stopReason"]);
        Assert.Equal(DateTimeOffset.Parse("2098-12-31T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            (DateTimeOffset)first["schedule"]!["start"]!);
        Assert.Equal(0, (long)first["counts"]!["total"]!);
        var second = await CreateAsync(acs, $$$"""{"name":"two","firmwareId":"{{{firmwareId}}}","selector":{"tags":["berlin"]},"schedule":{"start":"2099-01-01T00:00:00Z"}}""");

        var list = (await acs.GetJsonAsync("api/campaigns")).AsArray();
        Assert.Equal([(long)second["id"]!, (long)first["id"]!], list.Select(c => (long)c!["id"]!));
        using var missing = await acs.Api.GetAsync("api/campaigns/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Pause_resume_and_cancel_follow_the_state_machine_and_refuse_the_impossible()
    {
        await using var acs = await TestAcs.StartAsync();
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");
        var id = (long)(await CreateAsync(acs, $$$"""{"name":"x","firmwareId":"{{{firmwareId}}}","selector":{"models":["{{{Model}}}"]},"schedule":{"start":"2099-01-01T00:00:00Z"}}"""))["id"]!;

        Assert.Equal((409, "Campaign cannot be resumed"), await ActAsync(acs, id, "resume"));
        Assert.Equal((200, "paused"), await ActAsync(acs, id, "pause"));
        Assert.Equal((409, "Campaign cannot be paused"), await ActAsync(acs, id, "pause"));
        Assert.Equal((200, "scheduled"), await ActAsync(acs, id, "resume"));   // paused before it started
        Assert.Equal((200, "cancelled"), await ActAsync(acs, id, "cancel"));
        Assert.Equal((409, "Campaign cannot be cancelled"), await ActAsync(acs, id, "cancel"));
        var (status, _, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/campaigns/999/pause");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Cancel_withdraws_a_Download_no_session_has_sent_yet()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200);
        using var phone = new UpgradingPhone(acs, "FCH600", Model, "sip88xx.12-0-1");
        await phone.SessionAsync();
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");
        var id = (long)(await CreateAsync(acs, $$"""{"name":"x","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}"""))["id"]!;
        await QueuedAsync(acs, phone.DeviceId);
        var task = (await acs.GetJsonAsync($"api/devices/{phone.DeviceId}/tasks")).AsArray().Single()!;
        Assert.Equal($"campaign:{id}:1:1", (string?)task["commandKey"]);
        Assert.Equal("1 Firmware Upgrade Image", (string?)task["payload"]!["fileType"]);
        Assert.EndsWith($"/firmware/{firmwareId}", (string?)task["payload"]!["url"], StringComparison.Ordinal);
        Assert.Equal("sip88xx.12-0-2.loads", (string?)task["payload"]!["targetFileName"]);

        Assert.Equal((200, "cancelled"), await ActAsync(acs, id, "cancel"));
        using var gone = await acs.Api.GetAsync($"api/tasks/{(long)task["id"]!}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await phone.SessionAsync();
        Assert.Empty(phone.Downloads);
        var device = (await acs.GetJsonAsync($"api/campaigns/{id}/devices")).AsArray().Single()!;
        Assert.Equal("pending", (string?)device["state"]);
        Assert.Equal(0, (int)device["attempts"]!);
        Assert.Contains("cancelled", (string?)device["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_device_list_pages_and_filters_by_state()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var cpe = acs.Cpe($"FCH7{i:00}", "00562B", i < 3 ? Model : "SPA504G");
            cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1"));
            Assert.Equal(200, (await cpe.InformAsync()).Status);
            Assert.Equal(204, (await cpe.EmptyAsync()).Status);
            ids.Add(cpe.DeviceId);
        }
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");
        var selector = string.Join(",", ids.Select(i => $"\"{i}\""));
        var id = (long)(await CreateAsync(acs, $$"""{"name":"x","firmwareId":"{{firmwareId}}","selector":{"deviceIds":[{{selector}}]},"connectionRequest":false}"""))["id"]!;
        await WaitForAsync(acs, id, c => (long)c["counts"]!["total"]! == 5, "membership resolved");

        var page1 = (await acs.GetJsonAsync($"api/campaigns/{id}/devices?limit=2")).AsArray();
        var page3 = (await acs.GetJsonAsync($"api/campaigns/{id}/devices?limit=2&offset=4")).AsArray();
        Assert.Equal(ids.Order(StringComparer.Ordinal).Take(2), page1.Select(d => (string)d!["deviceId"]!));
        Assert.Single(page3);
        Assert.Equal(2, (await acs.GetJsonAsync($"api/campaigns/{id}/devices?state=skipped")).AsArray().Count);
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Get, $"api/campaigns/{id}/devices?state=done");
        Assert.Equal(400, status);
        Assert.NotNull(body!["errors"]!["state"]);
    }

    [Fact]
    public async Task The_event_stream_sends_progress_at_once_and_end_when_the_campaign_finishes()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200);
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");
        var id = (long)(await CreateAsync(acs, $$$"""{"name":"x","firmwareId":"{{{firmwareId}}}","selector":{"models":["{{{Model}}}"]},"schedule":{"start":"2099-01-01T00:00:00Z"}}"""))["id"]!;
        using var response = await acs.Api.GetAsync($"api/campaigns/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await ReadEventAsync(reader);
        Assert.Equal("progress", first.Name);
        Assert.Equal("scheduled", (string?)JsonNode.Parse(first.Data)!["status"]);

        Assert.Equal((200, "cancelled"), await ActAsync(acs, id, "cancel"));
        var events = new List<(string Name, string Data)>();
        while (events.Count == 0 || events[^1].Name != "end")
        {
            events.Add(await ReadEventAsync(reader));
        }
        Assert.Equal("cancelled", (string?)JsonNode.Parse(events[^1].Data)!["status"]);
        Assert.Null(await Bounded.WithinAsync(reader.ReadLineAsync(), "the server to close the event stream after 'end'", 20));
    }

    [Fact]
    public async Task Firmware_metadata_can_be_given_at_upload_and_an_image_in_use_cannot_be_deleted()
    {
        await using var acs = await TestAcs.StartAsync();
        var image = FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.2", RandomNumberGenerator.GetBytes(1000));
        using var upload = await acs.Api.PostAsync("api/firmware?models=CP-8841-3PCC,CP-8851-3PCC&version=12.0.3", new ByteArrayContent(image));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var stored = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.Equal("12.0.3", (string?)stored["version"]);
        Assert.Equal(["CP-8841-3PCC", "CP-8851-3PCC"], stored["models"]!.AsArray().Select(m => (string)m!));
        using var conflicting = await acs.Api.PostAsync("api/firmware?version=12.0.4", new ByteArrayContent(image));
        Assert.Equal(HttpStatusCode.Conflict, conflicting.StatusCode);
        using var badVersion = await acs.Api.PostAsync("api/firmware?version=latest", new ByteArrayContent(image));
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);

        // A vendor load without our header: refused alone, stored with both models and version.
        var vendor = RandomNumberGenerator.GetBytes(2000);
        using var refused = await acs.Api.PostAsync("api/firmware?version=12.0.5", new ByteArrayContent(vendor));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("?models=", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var accepted = await acs.Api.PostAsync("api/firmware?models=CP-8841-3PCC&version=sip88xx.12-0-5", new ByteArrayContent(vendor));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal("sip88xx.12-0-5.loads", (string?)JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["fileName"]);

        var id = (string)stored["id"]!;
        var campaign = (long)(await CreateAsync(acs, $$$"""{"name":"x","firmwareId":"{{{id}}}","selector":{"models":["{{{Model}}}"]},"schedule":{"start":"2099-01-01T00:00:00Z"}}"""))["id"]!;
        using var inUse = await acs.Api.DeleteAsync($"api/firmware/{id}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains($"campaign {campaign}", await inUse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((200, "cancelled"), await ActAsync(acs, campaign, "cancel"));
        using var deleted = await acs.Api.DeleteAsync($"api/firmware/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Theory]
    [InlineData("http://fw.example.net:8080/images", null, "http://fw.example.net:8080/images/firmware/")]
    [InlineData(null, "prov.example.net", "http://prov.example.net:")]
    public async Task The_Download_URL_names_the_file_server_as_phones_reach_it(string? filesPublicUrl, string? publicHost, string expectedStart)
    {
        await using var acs = await TestAcs.StartAsync(o =>
        {
            o.FilesPublicUrl = filesPublicUrl;
            o.PublicHost = publicHost;
            o.Campaigns.TickMilliseconds = 200;
        });
        using var cpe = acs.Cpe("FCH650", "00562B", Model);
        Assert.Equal(200, (await cpe.InformAsync()).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        var firmwareId = await UploadAsync(acs, [Model], "12.0.2");
        await CreateAsync(acs, $$"""{"name":"x","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}""");
        await QueuedAsync(acs, cpe.DeviceId);
        var url = (string)(await acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/tasks")).AsArray().Single()!["payload"]!["url"]!;
        Assert.StartsWith(expectedStart, url, StringComparison.Ordinal);
        Assert.EndsWith($"/firmware/{firmwareId}", url, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string What)> ActAsync(TestAcs acs, long id, string action)
    {
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, $"api/campaigns/{id}/{action}");
        return (status, status == 200 ? (string)body!["status"]! : (string)body!["title"]!);
    }

    private static async Task<(string Name, string Data)> ReadEventAsync(StreamReader reader)
    {
        string? name = null, data = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
            else if (line.Length == 0 && name is not null)
            {
                return (name, data ?? "");
            }
        }
        throw new InvalidOperationException("the event stream ended");
    }
}
