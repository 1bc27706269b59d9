using System.Globalization;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>
/// Maintenance windows against the real clock (issue 5 §4): phones offline when a window opens catch up at their next
/// Inform inside it, and phones that return after a window has closed get nothing. Windows are HH:mm, so the test
/// places one boundary on the next whole minute at least 20 s away and runs two campaigns at once: one whose window
/// opens there, one whose window closes there. The zone is Asia/Kolkata (UTC+05:30) so that a window is local
/// wall-clock time, not UTC with the hours renamed.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class CampaignWindowTests
{
    private const string OldVersion = "sip88xx.12-0-1MPP0001-224";
    private const string Zone = "Asia/Kolkata";
    private const int PeriodicInform = 2;

    [Fact]
    public async Task Phones_offline_when_the_window_opens_catch_up_inside_it_and_phones_back_after_it_closed_get_nothing()
    {
        await using var acs = await AcsInstance.StartAsync();
        var api = new CampaignClient(acs.Api);
        var firmware = await api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        var openOnline = FleetOptions(acs, "0023EB330000");
        var openLate = FleetOptions(acs, "0023EB331000");
        var closeOnline = FleetOptions(acs, "0023EB332000");
        var closeLate = FleetOptions(acs, "0023EB333000");
        await using var openOnlineFleet = new PhoneFleet(openOnline);
        await using var closeOnlineFleet = new PhoneFleet(closeOnline);
        var openLateIds = await RegisterAndSwitchOffAsync(acs, openLate);
        var closeLateIds = await RegisterAndSwitchOffAsync(acs, closeLate);
        await Task.WhenAll(openOnlineFleet.StartAsync(), closeOnlineFleet.StartAsync());
        await AcsInstance.EventuallyAsync(async () => (await acs.GetArrayAsync("api/devices?limit=1000")).Count == 32, "32 phones to register");

        // At least 45 s ahead: the closing campaign's eight online phones must be upgraded before it, also on a loaded machine.
        var boundary = NextWholeMinute(DateTimeOffset.UtcNow.AddSeconds(45));
        var opening = CampaignClient.Id(await api.CreateAsync(Campaign("window opens", firmware,
            [.. openOnlineFleet.Phones.Select(p => p.DeviceId), .. openLateIds], Local(boundary), Local(boundary.AddMinutes(30)))));
        var closing = CampaignClient.Id(await api.CreateAsync(Campaign("window closes", firmware,
            [.. closeOnlineFleet.Phones.Select(p => p.DeviceId), .. closeLateIds], Local(boundary.AddMinutes(-30)), Local(boundary))));

        // Inside the closing campaign's window: its online phones are upgraded at once; its offline ones wait.
        var beforeClose = await api.WaitForAsync(closing, c => CampaignClient.Count(c, "succeeded") == 8, "the online phones of the open window");
        Assert.True(DateTimeOffset.UtcNow < boundary, "the test machine was too slow to finish the open window's phones before it closed");
        Assert.Equal(8, CampaignClient.Count(beforeClose, "pending") + CampaignClient.Count(beforeClose, "inProgress"));
        // Before its window opens, the opening campaign sends nothing, although its phones inform every 2 s.
        var early = await api.GetAsync(opening);
        Assert.Equal(16, CampaignClient.Count(early, "pending"));

        await DelayUntilAsync(boundary.AddSeconds(2));
        await using var closeLateFleet = new PhoneFleet(closeLate);
        await using var openLateFleet = new PhoneFleet(openLate);
        await Task.WhenAll(closeLateFleet.StartAsync(), openLateFleet.StartAsync());

        var opened = await api.WaitForEndAsync(opening, 60);
        Assert.Equal("completed", CampaignClient.Status(opened));
        Assert.Equal(16, CampaignClient.Count(opened, "succeeded"));
        foreach (var phone in openOnlineFleet.Phones)
        {
            Assert.Equal(CampaignClient.TargetVersion, phone.SoftwareVersion);
            Assert.True(phone.RecentSessions.Count(s => s.Ended < boundary.AddSeconds(-1)) >= 2, $"{phone.DeviceId} did not inform while the window was closed");
            // The phone informed every 2 s before the window opened; its Download came only once it had.
            Assert.True(FleetLedger.FirstDownload(phone) >= boundary.AddSeconds(-1), $"{phone.DeviceId} got its Download at {FleetLedger.FirstDownload(phone):O}, before the window opened at {boundary:O}");
        }
        Assert.All(openLateFleet.Phones, phone => Assert.Equal(CampaignClient.TargetVersion, phone.SoftwareVersion));
        Assert.All(openLateFleet.Phones, phone => Assert.Equal(1, FleetLedger.DownloadsReceived(phone)));

        // The closing campaign's late phones came back after 'to': several Informs each, and not one Download.
        foreach (var phone in closeLateFleet.Phones)
        {
            await phone.WaitForSessionAsync(s => s.Number >= 3, TimeSpan.FromSeconds(30), afterSession: 0);
        }
        Assert.All(closeLateFleet.Phones, phone =>
        {
            Assert.Equal(0, FleetLedger.DownloadsReceived(phone));
            Assert.Equal(OldVersion, phone.SoftwareVersion);
        });
        var closed = await api.GetAsync(closing);
        Assert.True(CampaignClient.Status(closed) == "running",
            $"window closed at {boundary:O}: {closed.ToJsonString()}\n{(await api.DevicesAsync(closing)).ToJsonString()}");
        Assert.Equal(8, CampaignClient.Count(closed, "succeeded"));
        Assert.Equal(8, CampaignClient.Count(closed, "pending"));
        Assert.All(await api.DevicesAsync(closing, "pending"), d => Assert.Contains((string)d!["deviceId"]!, closeLateIds));

        var (status, cancelled) = await api.ControlAsync(closing, "cancel");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("cancelled", CampaignClient.Status(cancelled));
    }

    private static PhoneOptions FleetOptions(AcsInstance acs, string mac) => FleetLedger.Options(acs.CwmpUri, mac, 8, periodicInformSeconds: PeriodicInform);

    /// <summary>Lets the phones register, then switches them off (the ACS keeps them as known devices).</summary>
    private static async Task<string[]> RegisterAndSwitchOffAsync(AcsInstance acs, PhoneOptions options)
    {
        await using var fleet = new PhoneFleet(options);
        await fleet.StartAsync();
        foreach (var phone in fleet.Phones)
        {
            await phone.WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(30), afterSession: 0);
        }
        return [.. fleet.Phones.Select(p => p.DeviceId)];
    }

    private static object Campaign(string name, string firmware, string[] deviceIds, string from, string to) => new
    {
        name,
        firmwareId = firmware,
        selector = new { deviceIds },
        schedule = new { window = new { from, to, timeZone = Zone } },
        maxConcurrent = 16,
        // Longer than the test: the offline phones' queued Downloads must meet the window's close, not this deadline.
        stopRules = new { confirmTimeoutSeconds = 600 },
    };

    private static string Local(DateTimeOffset instant)
        => TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateTimeOffset NextWholeMinute(DateTimeOffset after)
    {
        var ticks = after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerMinute) + TimeSpan.TicksPerMinute;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static async Task DelayUntilAsync(DateTimeOffset instant)
    {
        var wait = instant - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}
