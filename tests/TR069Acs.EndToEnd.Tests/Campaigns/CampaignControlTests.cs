using System.Net;
using TR069Acs.Agent;
using TR069Acs.Cwmp;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>Pause, resume and cancel (issue 5 §2) while real phones are being upgraded.</summary>
[Collection(CampaignCollection.Name)]
public sealed class CampaignControlTests
{
    [Fact]
    public async Task Pause_holds_back_new_downloads_resume_continues_and_cancel_ends_for_good()
    {
        await using var acs = await AcsInstance.StartAsync();
        var api = new CampaignClient(acs.Api);
        var firmware = await api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        await using var fleet = new PhoneFleet(FleetLedger.Options(acs.CwmpUri, "0023EB340000", 30));
        await fleet.StartAsync();
        await AcsInstance.EventuallyAsync(async () => (await acs.GetArrayAsync("api/devices?limit=1000")).Count == 30, "30 phones to register");
        var id = CampaignClient.Id(await api.CreateAsync(new
        {
            name = "pause resume cancel",
            firmwareId = firmware,
            selector = new { models = new[] { "CP-8841-3PCC" } },
            maxConcurrent = 2,
            stopRules = new { confirmTimeoutSeconds = 60 },
        }));

        await api.WaitForAsync(id, c => CampaignClient.Count(c, "succeeded") >= 4, "4 phones upgraded");
        var (pauseStatus, paused) = await api.ControlAsync(id, "pause");
        Assert.Equal(HttpStatusCode.OK, pauseStatus);
        Assert.Equal("paused", CampaignClient.Status(paused));
        var (againStatus, again) = await api.ControlAsync(id, "pause");
        Assert.Equal(HttpStatusCode.Conflict, againStatus);
        // A refused transition says why (RFC 7807: the title names the action, the detail the state it met).
        Assert.Equal("Campaign cannot be paused", (string?)again["title"]);
        Assert.Contains($"Campaign {id} is paused", (string?)again["detail"], StringComparison.Ordinal);

        // Devices already in flight finish; then every waiting phone informs and none is given a Download.
        var settled = await api.WaitForAsync(id, c => CampaignClient.Count(c, "inProgress") == 0, "devices in flight to finish while paused");
        Assert.Equal("paused", CampaignClient.Status(settled));
        await InformAllAsync(fleet.Phones.Where(p => p.SoftwareVersion != CampaignClient.TargetVersion));
        var downloadsWhilePaused = fleet.Phones.Sum(FleetLedger.DownloadsReceived);
        Assert.Equal(CampaignClient.Count(settled, "succeeded") + CampaignClient.Count(settled, "failed"), downloadsWhilePaused);
        Assert.Equal(CampaignClient.Count(settled, "succeeded"), fleet.Phones.Count(p => p.SoftwareVersion == CampaignClient.TargetVersion));
        Assert.Equal(CampaignClient.Count(settled, "pending"), (await api.GetAsync(id))["counts"]!["pending"]!.GetValue<long>());

        var (resumeStatus, resumed) = await api.ControlAsync(id, "resume");
        Assert.Equal(HttpStatusCode.OK, resumeStatus);
        Assert.Equal("running", CampaignClient.Status(resumed));
        var progressed = await api.WaitForAsync(id, c => CampaignClient.Count(c, "succeeded") >= CampaignClient.Count(settled, "succeeded") + 4,
            "the resumed campaign to upgrade more phones");

        var (cancelStatus, cancelled) = await api.ControlAsync(id, "cancel");
        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal("cancelled", CampaignClient.Status(cancelled));
        var (resumeCancelled, refusal) = await api.ControlAsync(id, "resume");
        Assert.Equal(HttpStatusCode.Conflict, resumeCancelled);
        Assert.Equal("Campaign cannot be resumed", (string?)refusal["title"]);
        Assert.Contains($"Campaign {id} is cancelled", (string?)refusal["detail"], StringComparison.Ordinal);

        var final = await api.WaitForAsync(id, c => CampaignClient.Count(c, "inProgress") == 0, "devices in flight to finish after cancel");
        Assert.Equal("cancelled", CampaignClient.Status(final));
        Assert.True(CampaignClient.Count(final, "pending") > 0, $"cancel came too late to leave phones untouched: {final.ToJsonString()}");
        await InformAllAsync(fleet.Phones.Where(p => p.SoftwareVersion != CampaignClient.TargetVersion));
        var after = await api.GetAsync(id);
        Assert.Equal("cancelled", CampaignClient.Status(after));
        Assert.Equal(30, CampaignClient.Count(after, "total"));
        Assert.Equal(30, CampaignClient.Count(after, "pending") + CampaignClient.Count(after, "succeeded")
            + CampaignClient.Count(after, "failed") + CampaignClient.Count(after, "skipped"));
        Assert.Equal(CampaignClient.Count(after, "succeeded"), fleet.Phones.Count(p => p.SoftwareVersion == CampaignClient.TargetVersion));
        Assert.Equal(CampaignClient.Count(after, "succeeded") + CampaignClient.Count(after, "failed"), fleet.Phones.Sum(FleetLedger.DownloadsReceived));
        Assert.True(CampaignClient.Count(progressed, "succeeded") <= CampaignClient.Count(after, "succeeded"));
    }

    /// <summary>Every phone opens a session now (as at a periodic Inform) and the test waits for all of them.</summary>
    private static Task InformAllAsync(IEnumerable<Phone> phones) => Task.WhenAll(phones.Select(p => p.InformAsync(EventCodes.Periodic)));
}
