using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>Phones that cannot take the image (issue 5 §3, §4): the wrong model, a <c>Downgrade_Rev_Limit</c> above
/// the target, a damaged file on the file server. Each ends with a stated reason, none runs the image, and a stop rule
/// halts a campaign whose failures pile up.</summary>
[Collection(CampaignCollection.Name)]
public sealed class CampaignRefusalTests : IAsyncLifetime
{
    private const string OldVersion = "sip88xx.12-0-1MPP0001-224";
    private AcsInstance _acs = null!;
    private CampaignClient _api = null!;
    private string _profile = null!;

    public async Task InitializeAsync()
    {
        _acs = await AcsInstance.StartAsync();
        _api = new CampaignClient(_acs.Api);
        // A factory profile that forbids installing anything below 12.5.1: the phone refuses our 12.0.2 image (9010).
        _profile = Path.Combine(_acs.DataDirectory, "downgrade-limit.xml");
        await File.WriteAllTextAsync(_profile, "<flat-profile><Downgrade_Rev_Limit>sip88xx.12-5-1MPP0001-1</Downgrade_Rev_Limit></flat-profile>");
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Wrong_model_phones_are_skipped_and_phones_below_their_downgrade_limit_refuse_each_with_a_reason()
    {
        var firmware = await _api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        await using var good = new PhoneFleet(FleetLedger.Options(_acs.CwmpUri, "0023EB310000", 20));
        await using var wrongModel = new PhoneFleet(FleetLedger.Options(_acs.CwmpUri, "0023EB311000", 6, model: "CP-7841-3PCC"));
        var limited = FleetLedger.Options(_acs.CwmpUri, "0023EB312000", 6);
        limited.ConfigFile = _profile;
        await using var belowLimit = new PhoneFleet(limited);
        await Task.WhenAll(good.StartAsync(), wrongModel.StartAsync(), belowLimit.StartAsync());
        var all = good.Phones.Concat(wrongModel.Phones).Concat(belowLimit.Phones).ToList();
        await AcsInstance.EventuallyAsync(async () => (await _acs.GetArrayAsync("api/devices?limit=1000")).Count == all.Count, "32 phones to register");

        var created = await _api.CreateAsync(new
        {
            name = "mixed fleet",
            firmwareId = firmware,
            selector = new { deviceIds = all.Select(p => p.DeviceId).ToArray() },
            maxConcurrent = 8,
            stopRules = new { maxFailures = 10, confirmTimeoutSeconds = 60 },
        });
        var id = CampaignClient.Id(created);
        var done = await _api.WaitForEndAsync(id);

        // 6 refusals stay below maxFailures 10: the campaign completes, each device with its outcome.
        Assert.Equal("completed", CampaignClient.Status(done));
        Assert.Equal(32, CampaignClient.Count(done, "total"));
        Assert.Equal(20, CampaignClient.Count(done, "succeeded"));
        Assert.Equal(32, CampaignClient.Count(done, "succeeded") + CampaignClient.Count(done, "failed") + CampaignClient.Count(done, "skipped"));
        var devices = (await _api.DevicesAsync(id)).Select(d => d!.AsObject()).ToDictionary(d => (string)d["deviceId"]!);

        foreach (var phone in wrongModel.Phones)
        {
            // The ACS knows the model from the Inform and the image's model list: no Download is sent at all.
            var device = devices[phone.DeviceId];
            Assert.Equal("skipped", (string?)device["state"]);
            Assert.Contains("CP-7841-3PCC", Reason(device), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(0, FleetLedger.DownloadsReceived(phone));
            Assert.Equal(OldVersion, phone.SoftwareVersion);
        }
        foreach (var phone in belowLimit.Phones)
        {
            // Downgrade_Rev_Limit is the phone's own setting: the phone fetches the image and refuses it (9010), or
            // the ACS, if it knows the limit, skips the device; either way with the reason and on the old version.
            var device = devices[phone.DeviceId];
            var state = (string?)device["state"];
            Assert.True(state is "failed" or "skipped", $"{phone.DeviceId}: {device.ToJsonString()}");
            if (state == "failed")
            {
                Assert.StartsWith("9010", (string?)device["lastFault"] ?? "", StringComparison.Ordinal);
                Assert.Contains("Downgrade_Rev_Limit", (string?)device["lastFault"], StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("Downgrade_Rev_Limit", Reason(device), StringComparison.Ordinal);
            }
            Assert.Equal(OldVersion, phone.SoftwareVersion);
        }
        Assert.All(good.Phones, phone => Assert.Equal(CampaignClient.TargetVersion, phone.SoftwareVersion));
        Assert.All(good.Phones, phone => Assert.Equal("succeeded", (string?)devices[phone.DeviceId]["state"]));
    }

    [Fact]
    public async Task A_damaged_image_makes_phones_refuse_it_with_9018_and_maxFailures_stops_the_campaign_with_its_reason()
    {
        const int maxFailures = 4;
        var firmware = await _api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        // The stored file rots after its upload was verified (a bad disk, a broken mirror sync): its SHA-256 no longer
        // matches the header, which only the phone, checking before it flashes, can notice.
        var stored = Path.Combine(_acs.DataDirectory, "firmware", firmware);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[^100] ^= 0xFF;
        await File.WriteAllBytesAsync(stored, bytes);

        await using var fleet = new PhoneFleet(FleetLedger.Options(_acs.CwmpUri, "0023EB320000", 30));
        await fleet.StartAsync();
        await AcsInstance.EventuallyAsync(async () => (await _acs.GetArrayAsync("api/devices?limit=1000")).Count == 30, "30 phones to register");

        var created = await _api.CreateAsync(new
        {
            name = "damaged image",
            firmwareId = firmware,
            selector = new { models = new[] { "CP-8841-3PCC" } },
            maxConcurrent = 2,
            stopRules = new { maxFailures, confirmTimeoutSeconds = 60 },
            retry = new { maxAttempts = 1 },
        });
        var id = CampaignClient.Id(created);
        var stopped = await _api.WaitForEndAsync(id);

        Assert.Equal("stopped", CampaignClient.Status(stopped));
        var reason = (string?)stopped["stopReason"];
        Assert.False(string.IsNullOrWhiteSpace(reason), "a stopped campaign must say why");
        Assert.Contains(maxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
        Assert.Equal(0, CampaignClient.Count(stopped, "succeeded"));
        Assert.True(CampaignClient.Count(stopped, "failed") >= maxFailures, $"stopped before {maxFailures} failures: {stopped.ToJsonString()}");
        Assert.True(CampaignClient.Count(stopped, "pending") > 0, "a stop rule halts the campaign before every device was tried");

        // Devices still in flight when it stopped finish (their TransferComplete still arrives); then nothing moves.
        var settled = await _api.WaitForAsync(id, c => CampaignClient.Count(c, "inProgress") == 0, "devices in flight to report");
        Assert.Equal(30, CampaignClient.Count(settled, "total"));
        Assert.Equal(30, CampaignClient.Count(settled, "pending") + CampaignClient.Count(settled, "failed") + CampaignClient.Count(settled, "skipped"));
        // Once the rule has fired no device is started: at most the maxConcurrent - 1 others in flight add failures.
        Assert.InRange(CampaignClient.Count(settled, "failed"), maxFailures, maxFailures + 2 - 1);
        var devices = (await _api.DevicesAsync(id)).Select(d => d!.AsObject()).ToDictionary(d => (string)d["deviceId"]!);
        foreach (var phone in fleet.Phones)
        {
            Assert.Equal(OldVersion, phone.SoftwareVersion);
            var device = devices[phone.DeviceId];
            switch ((string?)device["state"])
            {
                case "failed":
                    Assert.StartsWith("9018", (string?)device["lastFault"] ?? "", StringComparison.Ordinal);
                    Assert.Equal(1, FleetLedger.DownloadsReceived(phone));
                    break;
                case "pending":
                    Assert.Equal(0, FleetLedger.DownloadsReceived(phone));
                    break;
                default:
                    Assert.Fail($"{phone.DeviceId} ended {device.ToJsonString()}");
                    break;
            }
        }
    }

    private static string Reason(JsonObject device) => (string?)device["reason"] ?? "";
}
