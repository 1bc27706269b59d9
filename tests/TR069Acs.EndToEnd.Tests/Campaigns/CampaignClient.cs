using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>The campaign API (/work/notes/CAMPAIGNS.md, issue 5 §2) as the tests drive it, over any ACS (in-process or
/// a process). Calls retry while the ACS is down, so a test can poll straight through a restart.</summary>
public sealed class CampaignClient(HttpClient api)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The version every test image installs; the phones start on sip88xx.12-0-1MPP0001-224.</summary>
    public const string TargetVersion = "sip88xx.12-0-2MPP0001-5";

    /// <summary>Packs an image in our format for <paramref name="models"/> and uploads it; returns its id.</summary>
    public async Task<string> UploadFirmwareAsync(string[] models, string version = TargetVersion, int payloadBytes = 64 * 1024)
    {
        var payload = new byte[payloadBytes];
        new Random(payloadBytes).NextBytes(payload);
        var image = FirmwareImage.Pack(models, version, payload);
        using var response = await api.PostAsync("api/firmware", new ByteArrayContent(image));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/firmware → {(int)response.StatusCode}: {body}");
        return (string)JsonNode.Parse(body)!["id"]!;
    }

    public async Task<JsonObject> CreateAsync(object body)
    {
        using var response = await api.PostAsJsonAsync("api/campaigns", body, Web);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/campaigns → {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string id) => (await GetNodeAsync($"api/campaigns/{id}")).AsObject();

    public async Task<JsonArray> DevicesAsync(string id, string? state = null)
    {
        var node = await GetNodeAsync($"api/campaigns/{id}/devices?limit=1000" + (state is null ? "" : $"&state={state}"));
        return node as JsonArray ?? node["items"]!.AsArray();
    }

    /// <summary>pause, resume or cancel; returns the status code and body (409 is a legitimate answer).</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> ControlAsync(string id, string action)
    {
        using var response = await api.PostAsync($"api/campaigns/{id}/{action}", null);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Polls until the campaign satisfies <paramref name="condition"/>; the message shows the last state.</summary>
    public async Task<JsonObject> WaitForAsync(string id, Func<JsonObject, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var campaign = await GetAsync(id);
            if (condition(campaign))
            {
                return campaign;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {seconds}s waiting for {what}; campaign: {campaign.ToJsonString()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits for completed, stopped or cancelled.</summary>
    public Task<JsonObject> WaitForEndAsync(string id, int seconds = 90)
        => WaitForAsync(id, c => Status(c) is "completed" or "stopped" or "cancelled", "the campaign to finish", seconds);

    /// <summary>The campaign's id, which the API gives as a JSON number (anything else fails the test).</summary>
    public static string Id(JsonObject campaign) => campaign["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Status(JsonObject campaign) => (string)campaign["status"]!;

    public static long Count(JsonObject campaign, string name) => (long)campaign["counts"]![name]!;

    private async Task<JsonNode> GetNodeAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await api.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
                return JsonNode.Parse(body)!;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // The ACS is restarting.
                await Task.Delay(200);
            }
        }
    }
}
