using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;
using static TR069Acs.Server.Tests.Campaigns.CampaignFlowTests;

namespace TR069Acs.Server.Tests.Campaigns;

public sealed class CampaignExecutionTests
{
    private const string Phone8841 = "CP-8841-3PCC";
    private const string Phone8851 = "CP-8851-3PCC";

    private static Task<TestAcs> StartAcsAsync() => TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200);

    [Fact]
    public async Task Devices_are_skipped_or_refused_per_device_with_the_reason()
    {
        await using var acs = await StartAcsAsync();
        // The model scope's Downgrade_Rev_Limit is what the ACS provisions on every 8851: the target is below it.
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Put, $"api/config/models/{Phone8851}", """{"parameters":{"Downgrade_Rev_Limit":"13.0.0"}}""");
        Assert.True(status == 200, $"PUT model config → {status}: {body}");
        using var upgradable = new UpgradingPhone(acs, "FCH100", Phone8841, "sip88xx.12-0-1");
        using var wrongModel = new UpgradingPhone(acs, "FCH101", "SPA504G", "7.5.5");
        using var onTarget = new UpgradingPhone(acs, "FCH102", Phone8841, "sip88xx.12-0-2");
        using var limited = new UpgradingPhone(acs, "FCH103", Phone8851, "sip88xx.12-0-1");
        foreach (var p in new[] { upgradable, wrongModel, onTarget, limited })
        {
            await p.SessionAsync();
        }
        var firmwareId = await UploadAsync(acs, [Phone8841, Phone8851], "12.0.2");
        var ids = string.Join(",", new[] { upgradable, wrongModel, onTarget, limited }.Select(p => $"\"{p.DeviceId}\"").Append("\"00562B-CP-8841-3PCC-NOSUCH\""));
        var id = (long)(await CreateAsync(acs, $$"""
            {"name":"mixed","firmwareId":"{{firmwareId}}","selector":{"deviceIds":[{{ids}}]},"connectionRequest":false}
            """))["id"]!;

        await QueuedAsync(acs, upgradable.DeviceId);
        await upgradable.SessionAsync();
        await upgradable.SessionAsync();
        var done = await WaitForAsync(acs, id, c => (string?)c["status"] == "completed", "completed");
        Assert.Equal(1, (long)done["counts"]!["succeeded"]!);
        Assert.Equal(4, (long)done["counts"]!["skipped"]!);
        Assert.Equal(5, (long)done["counts"]!["total"]!);

        var devices = (await acs.GetJsonAsync($"api/campaigns/{id}/devices?state=skipped")).AsArray()
            .ToDictionary(d => (string)d!["deviceId"]!, d => (string?)d!["reason"]);
        Assert.Equal($"refused: the image is built for {Phone8841}, {Phone8851}, not for model SPA504G", devices[wrongModel.DeviceId]);
        Assert.Equal("already on the target version 12.0.2", devices[onTarget.DeviceId]);
        Assert.Equal("refused: the target version 12.0.2 is below the device's Downgrade_Rev_Limit 13.0.0", devices[limited.DeviceId]);
        Assert.StartsWith("unknown device", devices["00562B-CP-8841-3PCC-NOSUCH"], StringComparison.Ordinal);
        Assert.Empty(wrongModel.Downloads);
        Assert.Empty(limited.Downloads);
    }

    [Fact]
    public async Task A_TransferComplete_fault_fails_the_device_and_maxFailures_stops_the_campaign()
    {
        await using var acs = await StartAcsAsync();
        var phones = Enumerable.Range(1, 3).Select(i => new UpgradingPhone(acs, $"FCH20{i}", Phone8841, "sip88xx.12-0-1")
        {
            DowngradeLimit = "14.0",   // unknown to the ACS: the phone itself refuses the image with 9010
        }).ToList();
        try
        {
            foreach (var p in phones)
            {
                await p.SessionAsync();
            }
            var firmwareId = await UploadAsync(acs, [Phone8841], "12.0.2");
            var id = (long)(await CreateAsync(acs, $$"""
                {"name":"doomed","firmwareId":"{{firmwareId}}","selector":{"models":["{{Phone8841}}"]},"maxConcurrent":1,
                 "stopRules":{"maxFailures":1},"connectionRequest":false}
                """))["id"]!;
            var first = phones[0];
            await QueuedAsync(acs, first.DeviceId);
            await first.SessionAsync();   // Download
            await first.SessionAsync();   // TransferComplete 9010

            var stopped = await WaitForAsync(acs, id, c => (string?)c["status"] == "stopped", "stopped");
            Assert.Equal("stopRules.maxFailures: 1 device(s) failed (limit 1)", (string?)stopped["stopReason"]);
            Assert.Equal(1, (long)stopped["counts"]!["failed"]!);
            Assert.Equal(2, (long)stopped["counts"]!["pending"]!);
            var failed = (await acs.GetJsonAsync($"api/campaigns/{id}/devices?state=failed")).AsArray().Single()!;
            Assert.Equal(first.DeviceId, (string?)failed["deviceId"]);
            Assert.Equal("9010 version 12.0.2 is below Downgrade_Rev_Limit 14.0", (string?)failed["lastFault"]);
            foreach (var p in phones.Skip(1))
            {
                await p.SessionAsync();
                Assert.Empty(p.Downloads);
            }
        }
        finally
        {
            phones.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_with_a_new_CommandKey_and_can_still_succeed()
    {
        await using var acs = await StartAcsAsync();
        using var phone = new UpgradingPhone(acs, "FCH300", Phone8841, "sip88xx.12-0-1") { DowngradeLimit = "14.0" };
        await phone.SessionAsync();
        var firmwareId = await UploadAsync(acs, [Phone8841], "12.0.2");
        var id = (long)(await CreateAsync(acs, $$"""
            {"name":"retry","firmwareId":"{{firmwareId}}","selector":{"models":["{{Phone8841}}"]},
             "retry":{"maxAttempts":2,"delaySeconds":0},"connectionRequest":false}
            """))["id"]!;
        await QueuedAsync(acs, phone.DeviceId);
        await phone.SessionAsync();
        phone.DowngradeLimit = "";
        await phone.SessionAsync();   // reports 9010 for attempt 1
        await QueuedAsync(acs, phone.DeviceId, downloads: 2);
        await phone.SessionAsync();   // attempt 2's Download
        await phone.SessionAsync();   // success

        var done = await WaitForAsync(acs, id, c => (string?)c["status"] == "completed", "completed");
        Assert.Equal(1, (long)done["counts"]!["succeeded"]!);
        Assert.Equal([$"campaign:{id}:1:1", $"campaign:{id}:1:2"], phone.Downloads.Select(d => d.CommandKey));
        var device = (await acs.GetJsonAsync($"api/campaigns/{id}/devices")).AsArray().Single()!;
        Assert.Equal(2, (int)device["attempts"]!);
        Assert.StartsWith("9010", (string?)device["lastFault"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_the_maintenance_window_nothing_is_queued()
    {
        await using var acs = await StartAcsAsync();
        using var phone = new UpgradingPhone(acs, "FCH400", Phone8841, "sip88xx.12-0-1");
        await phone.SessionAsync();
        var firmwareId = await UploadAsync(acs, [Phone8841], "12.0.2");
        var now = DateTime.UtcNow;
        // A one-hour window starting two hours from now (UTC): closed for the whole test.
        var from = now.AddHours(2).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var to = now.AddHours(3).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var id = (long)(await CreateAsync(acs, $$$"""
            {"name":"night","firmwareId":"{{{firmwareId}}}","selector":{"models":["{{{Phone8841}}}"]},
             "schedule":{"window":{"from":"{{{from}}}","to":"{{{to}}}","timeZone":"UTC"}},"connectionRequest":false}
            """))["id"]!;
        await WaitForAsync(acs, id, c => (string?)c["status"] == "running", "running");
        await Task.Delay(1000);   // several ticks
        await phone.SessionAsync();
        Assert.Empty(phone.Downloads);
        var campaign = (await acs.GetJsonAsync($"api/campaigns/{id}")).AsObject();
        Assert.Equal(1, (long)campaign["counts"]!["pending"]!);
        Assert.Equal("UTC", (string?)campaign["schedule"]!["window"]!["timeZone"]);
    }

    [Fact]
    public async Task A_campaign_resumes_after_the_ACS_restarts()
    {
        var data = Directory.CreateTempSubdirectory("acs-campaign-restart-").FullName;
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200, data);
        using var phone = new UpgradingPhone(acs, "FCH500", Phone8841, "sip88xx.12-0-1");
        await phone.SessionAsync();
        var firmwareId = await UploadAsync(acs, [Phone8841], "12.0.2");
        var id = (long)(await CreateAsync(acs, $$"""
            {"name":"restart","firmwareId":"{{firmwareId}}","selector":{"models":["{{Phone8841}}"]},"connectionRequest":false}
            """))["id"]!;
        await QueuedAsync(acs, phone.DeviceId);
        await phone.SessionAsync();
        Assert.Single(phone.Downloads);

        await acs.RestartAsync();   // the tick job lives in the QRTZ_ tables, the progress in the campaign tables
        phone.Reconnect(acs);
        await phone.SessionAsync();
        var done = await WaitForAsync(acs, id, c => (string?)c["status"] == "completed", "completed after the restart");
        Assert.Equal(1, (long)done["counts"]!["succeeded"]!);
        Assert.Single(phone.Downloads);
    }

    [Fact]
    public async Task A_Download_whose_answer_was_lost_in_a_shutdown_is_not_sent_again_after_the_restart()
    {
        var data = Directory.CreateTempSubdirectory("acs-campaign-lost-answer-").FullName;
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200, data);
        using var phone = new UpgradingPhone(acs, "FCH510", Phone8841, "sip88xx.12-0-1");
        await phone.SessionAsync();
        var firmwareId = await UploadAsync(acs, [Phone8841], "12.0.2");
        var id = (long)(await CreateAsync(acs, $$"""
            {"name":"lost","firmwareId":"{{firmwareId}}","selector":{"models":["{{Phone8841}}"]},"connectionRequest":false}
            """))["id"]!;
        await QueuedAsync(acs, phone.DeviceId);
        await phone.SessionLostAfterDownloadAsync();

        // The ACS stops with the Download on the wire: the task queue puts it back, as it does for any request.
        await acs.RestartAsync();
        phone.Reconnect(acs);
        var task = (await acs.GetJsonAsync($"api/devices/{phone.DeviceId}/tasks")).AsArray().Single()!;
        Assert.Equal("sent", (string?)task["status"]);   // held for its TransferComplete, not queued to be sent again
        await phone.SessionAsync();   // reboots into the image and reports it

        var done = await WaitForAsync(acs, id, c => (string?)c["status"] == "completed", "completed");
        Assert.Equal(1, (long)done["counts"]!["succeeded"]!);
        Assert.Single(phone.Downloads);
        Assert.Equal("done", (string?)(await acs.TaskAsync((long)task["id"]!))["status"]);
    }
}
