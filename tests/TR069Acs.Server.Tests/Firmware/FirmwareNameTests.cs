using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Campaigns;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Firmware;

/// <summary>Issue 15 §3: a firmware file name, or (models, version), belongs to one image; a second upload that would
/// take it is a 409 naming the first, unless <c>?replace=true</c> (audited); campaigns keep the image they were created with.</summary>
public sealed class FirmwareNameTests
{
    private const string Model = "CP-8841-3PCC";

    [Fact]
    public async Task A_second_image_with_the_same_file_name_or_version_is_refused_naming_the_first()
    {
        await using var acs = await TestAcs.StartAsync();
        var first = await FirmwareImages.UploadAsync(acs, "12.0.7");

        // Same version and model, other bytes.
        var (status, problem) = await UploadAsync(acs, FirmwareImage.Pack([Model], "12.0.7", RandomNumberGenerator.GetBytes(3000)));
        Assert.True(status == 409, $"{status}: {problem}");
        Assert.Equal(first.Sha256, (string?)problem!["existingId"]);
        Assert.Contains(first.Sha256, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Contains("?replace=true", (string?)problem["detail"], StringComparison.Ordinal);

        // The swap: random bytes given the same name through ?models=&version=.
        (status, problem) = await UploadAsync(acs, RandomNumberGenerator.GetBytes(200 * 1024), $"?models={Model}&version=sip88xx.12-0-7");
        Assert.True(status == 409, $"{status}: {problem}");
        Assert.Contains("sip88xx.12-0-7.loads", (string?)problem!["detail"], StringComparison.Ordinal);

        // Another model's image of that version does not collide; the same bytes again are the same image (200).
        Assert.Equal(201, (await UploadAsync(acs, FirmwareImage.Pack(["SPA504G"], "12.0.7", RandomNumberGenerator.GetBytes(3000)))).Status);
        Assert.Equal(200, (await UploadAsync(acs, first.Bytes)).Status);

        Assert.Equal(first.Bytes, await acs.Files.GetByteArrayAsync("firmware/" + first.FileName));
        Assert.Equal(2, (await acs.GetJsonAsync("api/firmware")).AsArray().Count);
        Assert.Equal(400, (await UploadAsync(acs, first.Bytes, "?replace=maybe")).Status);
    }

    [Fact]
    public async Task Replacing_is_audited_and_a_running_campaign_keeps_the_image_it_was_created_with()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200);
        using var phone = new UpgradingPhone(acs, "FCH00REPL1", Model, "sip88xx.12-0-1");
        await phone.SessionAsync();
        var original = await FirmwareImages.UploadAsync(acs, "12.0.7");
        var campaign = (long)(await CampaignFlowTests.CreateAsync(acs,
            $$"""{"name":"keeps","firmwareId":"{{original.Sha256}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}"""))["id"]!;
        await CampaignFlowTests.QueuedAsync(acs, phone.DeviceId);

        var replacement = FirmwareImage.Pack([Model], "12.0.7", RandomNumberGenerator.GetBytes(6000));
        var (status, body) = await UploadAsync(acs, replacement, "?replace=true");
        Assert.True(status == 201, $"{status}: {body}");
        var replacementId = (string)body!["id"]!;
        Assert.Equal(original.FileName, (string?)body["fileName"]);

        // The name now serves the new image; the old one stays stored by id, marked replaced.
        Assert.Equal(replacement, await acs.Files.GetByteArrayAsync("firmware/" + original.FileName));
        var old = await acs.GetJsonAsync($"api/firmware/{original.Sha256}");
        Assert.Equal(replacementId, (string?)old["replacedBy"]);
        Assert.Null(old["fileName"]);

        // The campaign still installs the image it was created with.
        Assert.Equal(original.Sha256, (string?)(await acs.GetJsonAsync($"api/campaigns/{campaign}"))["firmwareId"]);
        await phone.SessionAsync();   // receives the campaign's Download
        var download = Assert.Single(phone.Downloads);
        Assert.EndsWith("firmware/" + original.Sha256, download.Url, StringComparison.Ordinal);
        using var files = new HttpClient();
        Assert.Equal(original.Bytes, await files.GetByteArrayAsync(download.Url));

        // Who swapped the name is in the audit trail.
        var audit = (await acs.GetJsonAsync("api/audit?actor=admin")).AsArray();
        Assert.Contains(audit, e => (string?)e!["action"] == "firmware.replaced" && (string?)e["target"] == $"firmware:{original.Sha256}"
            && ((string?)e["detail"])?.Contains(replacementId, StringComparison.Ordinal) == true);
        Assert.Contains(audit, e => (string?)e!["action"] == "POST /api/firmware" && ((string?)e["detail"])?.StartsWith("replaced ", StringComparison.Ordinal) == true);
    }

    internal static async Task<(int Status, JsonNode? Body)> UploadAsync(TestAcs acs, byte[] image, string query = "")
    {
        using var response = await acs.Api.PostAsync("api/firmware" + query, new ByteArrayContent(image));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
