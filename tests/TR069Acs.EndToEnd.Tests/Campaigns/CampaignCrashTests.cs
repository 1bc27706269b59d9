using TR069Acs.Agent;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>
/// Crash safety (issue 5 §3): <c>acs serve</c> runs as a real process and is killed with SIGKILL twice in the middle of
/// a campaign, then started again on the same data directory. The phones run in this test process, keep their state,
/// retry their sessions and repeat unacknowledged TransferCompletes, as real phones do across an ACS outage.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class CampaignCrashTests
{
    private const int Phones = 40;
    private const int MaxConcurrent = 5;

    [Fact]
    public async Task Sigkill_mid_campaign_and_restart_completes_it_with_exact_counts_and_one_download_per_attempt()
    {
        await using var acs = await AcsProcess.StartAsync();
        var api = new CampaignClient(acs.Api);
        var firmware = await api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        var options = FleetLedger.Options(acs.CwmpUri, "0023EB350000", Phones, periodicInformSeconds: 5);
        await using var fleet = new PhoneFleet(options);
        await fleet.StartAsync();
        foreach (var phone in fleet.Phones)
        {
            await phone.WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(60), afterSession: 0);
        }
        var id = CampaignClient.Id(await api.CreateAsync(new
        {
            name = "through crashes",
            firmwareId = firmware,
            selector = new { models = new[] { "CP-8841-3PCC" } },
            maxConcurrent = MaxConcurrent,
            stopRules = new { maxFailures = 1, confirmTimeoutSeconds = 120 },
            // The file server dies with the ACS: a phone fetching the image at that moment reports 9015 (cannot
            // contact the file server), a real failure of that attempt. The retry policy gives it another one.
            retry = new { maxAttempts = 3, delaySeconds = 1 },
        }));

        // First kill: with devices in flight (Downloads queued or sent, TransferCompletes on their way).
        await api.WaitForAsync(id, c => CampaignClient.Count(c, "succeeded") >= 8 && CampaignClient.Count(c, "inProgress") > 0,
            "the campaign to be well under way with devices in flight");
        var before = fleet.Phones.ToDictionary(p => p, p => p.SessionsCompleted);
        await acs.KillAsync();
        // Phones fail sessions while the ACS is down (a state, not a fixed pause: issue 17's real-clock margins).
        await Eventually.TrueAsync(() => fleet.Phones.Any(p => p.RecentSessions.Any(r => r.Number > before[p] && !r.Succeeded)),
            "a phone to fail a session while the ACS is down", 60);
        await acs.StartAgainAsync();

        // Second kill, later in the campaign, right after progress was seen.
        await api.WaitForAsync(id, c => CampaignClient.Count(c, "succeeded") >= 24, "progress after the first restart", 120);
        await acs.KillAsync();
        await acs.StartAgainAsync();

        var done = await api.WaitForEndAsync(id, 150);
        Assert.True(CampaignClient.Status(done) == "completed", $"after two SIGKILLs: {done.ToJsonString()}\n{acs.RecentOutput}");
        Assert.Equal(Phones, CampaignClient.Count(done, "total"));
        Assert.Equal(Phones, CampaignClient.Count(done, "succeeded"));
        Assert.Equal(CampaignClient.Count(done, "total"),
            CampaignClient.Count(done, "succeeded") + CampaignClient.Count(done, "failed") + CampaignClient.Count(done, "skipped"));
        Assert.Equal(0, CampaignClient.Count(done, "pending") + CampaignClient.Count(done, "inProgress"));

        var devices = (await api.DevicesAsync(id)).Select(d => d!.AsObject()).ToDictionary(d => (string)d["deviceId"]!);
        foreach (var phone in fleet.Phones)
        {
            Assert.Equal(CampaignClient.TargetVersion, phone.SoftwareVersion);
            var attempts = (int)devices[phone.DeviceId]["attempts"]!;
            // One Download per attempt, each reported once: a second Download with the same CommandKey would show up
            // as a second TransferComplete with that key.
            var reported = FleetLedger.AcknowledgedTransfers(phone);
            Assert.Equal(attempts, FleetLedger.DownloadsReceived(phone));
            Assert.Equal(reported.Count, reported.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(FleetLedger.DownloadsReceived(phone), reported.Count);
            Assert.All(reported, key => Assert.StartsWith($"campaign:{id}:", key, StringComparison.Ordinal));
            Assert.Empty(phone.PendingTransferCompletes);
        }
        Assert.InRange(FleetLedger.MaxOverlap(FleetLedger.InFlight(fleet.Phones)), 1, MaxConcurrent);
        Assert.Equal(3, acs.Starts);
    }
}
