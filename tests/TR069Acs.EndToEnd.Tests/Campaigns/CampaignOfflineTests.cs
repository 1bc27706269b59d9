using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>Phones that are switched off when their turn comes (issue 5 §3: "a Connection Request for online phones,
/// the next Inform for the others").</summary>
[Collection(CampaignCollection.Name)]
public sealed class CampaignOfflineTests
{
    [Fact]
    public async Task A_phone_offline_longer_than_confirmTimeout_still_catches_up_at_its_next_inform()
    {
        await using var acs = await AcsInstance.StartAsync();
        var api = new CampaignClient(acs.Api);
        var firmware = await api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        var options = FleetLedger.Options(acs.CwmpUri, "0023EB370000", 4);
        string[] ids;
        await using (var first = new PhoneFleet(options))
        {
            await first.StartAsync();
            foreach (var phone in first.Phones)
            {
                await phone.WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(30), afterSession: 0);
            }
            ids = [.. first.Phones.Select(p => p.DeviceId)];
        }

        // The phones are off: the Connection Requests fail and no Download can be delivered. The confirmation
        // timeout is about a Download the phone has received and not confirmed; these phones have received nothing.
        var id = CampaignClient.Id(await api.CreateAsync(new
        {
            name = "offline phones",
            firmwareId = firmware,
            selector = new { deviceIds = ids },
            maxConcurrent = 4,
            stopRules = new { confirmTimeoutSeconds = 5 },
        }));
        await api.WaitForAsync(id, c => CampaignClient.Count(c, "inProgress") + CampaignClient.Count(c, "failed") == 4, "the attempts to be queued");
        // Past confirmTimeoutSeconds with the phones still off: every device has been found not reached (and is
        // queued again later). Each then stays pending for confirmTimeoutSeconds, so polling sees it.
        var notReached = new HashSet<string>(StringComparer.Ordinal);
        await AcsInstance.EventuallyAsync(async () =>
        {
            foreach (var device in await api.DevicesAsync(id))
            {
                if ((string?)device!["state"] == "pending" && ((string?)device["reason"] ?? "").StartsWith("not reached", StringComparison.Ordinal))
                {
                    notReached.Add((string)device["deviceId"]!);
                }
            }
            return notReached.Count == 4;
        }, "every offline phone's Download to be taken back as not reached after confirmTimeoutSeconds", 60);

        await using var back = new PhoneFleet(options);
        await back.StartAsync();
        var done = await api.WaitForEndAsync(id, 60);

        Assert.True(CampaignClient.Count(done, "succeeded") == 4,
            $"{done.ToJsonString()}\n{(await api.DevicesAsync(id)).ToJsonString()}");
        Assert.All(back.Phones, p => Assert.Equal(CampaignClient.TargetVersion, p.SoftwareVersion));
    }
}
