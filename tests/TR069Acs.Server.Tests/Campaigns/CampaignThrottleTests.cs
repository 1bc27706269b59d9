using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Campaigns.CampaignFlowTests;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class CampaignThrottleTests
{
    private const string Model = "CP-8841-3PCC";

    private static async Task<(TestAcs Acs, List<UpgradingPhone> Phones, string FirmwareId)> FleetAsync(int count, string prefix)
    {
        var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 100);
        var phones = Enumerable.Range(0, count).Select(i => new UpgradingPhone(acs, $"{prefix}{i:00}", Model, "sip88xx.12-0-1")).ToList();
        foreach (var p in phones)
        {
            await p.SessionAsync();
        }
        return (acs, phones, await UploadAsync(acs, [Model], "12.0.2"));
    }

    private static async Task<int> QueuedDownloadsAsync(TestAcs acs, IEnumerable<UpgradingPhone> phones)
    {
        var total = 0;
        foreach (var p in phones)
        {
            total += (await acs.GetJsonAsync($"api/devices/{p.DeviceId}/tasks")).AsArray().Count(t => (string?)t!["type"] == "download");
        }
        return total;
    }

    [Fact]
    public async Task MaxConcurrent_and_ratePerMinute_bound_the_devices_started()
    {
        var (acs, phones, firmwareId) = await FleetAsync(4, "FCH90");
        await using (acs)
        {
            var concurrent = (long)(await CreateAsync(acs, $$"""{"name":"c","firmwareId":"{{firmwareId}}","selector":{"deviceIds":["{{phones[0].DeviceId}}","{{phones[1].DeviceId}}"]},"maxConcurrent":1,"connectionRequest":false}"""))["id"]!;
            var rated = (long)(await CreateAsync(acs, $$"""{"name":"r","firmwareId":"{{firmwareId}}","selector":{"deviceIds":["{{phones[2].DeviceId}}","{{phones[3].DeviceId}}"]},"ratePerMinute":1,"connectionRequest":false}"""))["id"]!;
            await QueuedAsync(acs, phones[0].DeviceId);
            await QueuedAsync(acs, phones[2].DeviceId);
            await Task.Delay(1000);   // ten ticks
            Assert.Equal(1, await QueuedDownloadsAsync(acs, phones.Take(2)));
            Assert.Equal(1, await QueuedDownloadsAsync(acs, phones.Skip(2)));

            // The first device of the maxConcurrent campaign finishes: its slot goes to the second one.
            await phones[0].SessionAsync();
            await phones[0].SessionAsync();
            await QueuedAsync(acs, phones[1].DeviceId);
            // The rate campaign's first device finishes too, but the minute is not over: nothing more starts.
            await phones[2].SessionAsync();
            await phones[2].SessionAsync();
            await WaitForAsync(acs, rated, c => (long)c["counts"]!["succeeded"]! == 1, "first device of the rated campaign succeeded");
            await Task.Delay(500);
            Assert.Equal(1, await QueuedDownloadsAsync(acs, phones.Skip(2)));
            Assert.Equal(1, (long)(await acs.GetJsonAsync($"api/campaigns/{rated}"))["counts"]!["pending"]!);
            Assert.Equal(1, (long)(await acs.GetJsonAsync($"api/campaigns/{concurrent}"))["counts"]!["inProgress"]!);
        }
        phones.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task The_next_phase_starts_only_after_the_canary_succeeded()
    {
        var (acs, phones, firmwareId) = await FleetAsync(3, "FCH91");
        await using (acs)
        {
            var id = (long)(await CreateAsync(acs, $$$"""
                {"name":"p","firmwareId":"{{{firmwareId}}}","selector":{"models":["{{{Model}}}"]},"phases":{"canary":1,"percentages":[100],"minSuccessRate":1},"connectionRequest":false}
                """))["id"]!;
            await QueuedAsync(acs, phones[0].DeviceId);
            await Task.Delay(500);
            Assert.Equal(1, await QueuedDownloadsAsync(acs, phones));
            Assert.Equal(1, (int)(await acs.GetJsonAsync($"api/campaigns/{id}"))["currentPhase"]!);

            await phones[0].SessionAsync();
            await phones[0].SessionAsync();
            await QueuedAsync(acs, phones[1].DeviceId);
            await QueuedAsync(acs, phones[2].DeviceId);
            Assert.Equal(2, (int)(await acs.GetJsonAsync($"api/campaigns/{id}"))["currentPhase"]!);
        }
        phones.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task Silence_past_confirmTimeoutSeconds_after_the_Download_is_unconfirmed_but_a_phone_never_reached_is_queued_again()
    {
        var (acs, phones, firmwareId) = await FleetAsync(2, "FCH92");
        await using (acs)
        {
            var id = (long)(await CreateAsync(acs, $$"""{"name":"t","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"stopRules":{"confirmTimeoutSeconds":5},"connectionRequest":false}"""))["id"]!;
            await QueuedAsync(acs, phones[0].DeviceId);
            await QueuedAsync(acs, phones[1].DeviceId);
            await phones[0].SessionAsync();   // takes its Download, then never reports; phones[1] stays away for now

            // The two time out a few milliseconds apart and are updated one at a time: wait for both, not for the first.
            JsonArray devices = [];
            await TestAcs.EventuallyAsync(async () =>
            {
                devices = (await acs.GetJsonAsync($"api/campaigns/{id}/devices")).AsArray();
                return devices.Any(d => (string?)d!["deviceId"] == phones[0].DeviceId && (string?)d["state"] == "failed")
                    && devices.Any(d => (string?)d!["deviceId"] == phones[1].DeviceId && (string?)d["state"] == "pending"
                        && ((string?)d["reason"] ?? "").StartsWith("not reached", StringComparison.Ordinal));
            }, "the silent phone unconfirmed and the phone never reached queued again", 30);
            var silent = devices.Single(d => (string?)d!["deviceId"] == phones[0].DeviceId)!;
            Assert.Equal("unconfirmed: no TransferComplete within 5 s of the Download being sent", (string?)silent["lastFault"]);
            var away = devices.Single(d => (string?)d!["deviceId"] == phones[1].DeviceId)!;
            Assert.Equal("pending", (string?)away["state"]);
            Assert.Equal(0, (int)away["attempts"]!);
            Assert.StartsWith("not reached", (string?)away["reason"], StringComparison.Ordinal);

            // The Download nobody fetched is not left queued while the slot is given back …
            await phones[1].SessionAsync();
            Assert.Empty(phones[1].Downloads);
            // … and the phone gets it when it is queued again: it was never a failure.
            await QueuedAsync(acs, phones[1].DeviceId);
            await phones[1].SessionAsync();
            Assert.Single(phones[1].Downloads);
            Assert.Equal("running", (string?)(await acs.GetJsonAsync($"api/campaigns/{id}"))["status"]);
        }
        phones.ForEach(p => p.Dispose());
    }
}
