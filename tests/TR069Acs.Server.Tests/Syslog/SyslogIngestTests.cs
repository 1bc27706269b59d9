using System.Security.Cryptography;
using System.Text;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>Real datagrams on loopback into the ACS's receiver: attached to devices, parsed into their status, stored.</summary>
public sealed class SyslogIngestTests
{
    [Theory]
    [InlineData("00:56:2b:04:dd:5b")]   // Syslog_Identifier $MAC
    [InlineData("00562B04DD5B")]        // $MAU
    [InlineData("00-56-2B-04-DD-5B")]
    [InlineData("0056.2b04.dd5b")]
    public async Task An_RFC_3164_message_is_attached_by_the_MAC_it_names_in_any_spelling(string mac)
    {
        await using var syslog = await SyslogAcs.StartAsync();
        await syslog.FetchProfileAsync();

        await syslog.SendAsync($"<134>Mar  9 08:15:02 10.1.2.3 CP-8841-3PCC {mac} -- Requesting resync http://acs.example:7567/cfg/spa00562b04dd5b.cfg");

        var entry = Assert.Single(await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 1))!;
        Assert.Equal("mac", (string?)entry["matchedBy"]);
        Assert.Equal("rfc3164", (string?)entry["format"]);
        Assert.Equal("informational", (string?)entry["severity"]);
        Assert.Equal("local0", (string?)entry["facility"]);
        Assert.Equal("10.1.2.3", (string?)entry["hostname"]);
        Assert.Equal("resyncRequest", (string?)entry["event"]);
        Assert.Equal("127.0.0.1", (string?)entry["remoteAddress"]);
        Assert.True((bool)entry["verified"]!);   // from the device's last known address
        var status = (await syslog.StatusAsync())!;
        Assert.Equal("requested", (string?)status["lastResyncResult"]);
        Assert.Equal("http://acs.example:7567/cfg/spa00562b04dd5b.cfg", (string?)status["lastResyncUrl"]);
    }

    [Fact]
    public async Task An_RFC_5424_message_is_attached_by_the_serial_in_its_host_field_and_a_failed_resync_becomes_the_status()
    {
        await using var syslog = await SyslogAcs.StartAsync();
        await syslog.FetchProfileAsync();

        await syslog.SendAsync($"<131>1 2025-03-10T11:22:33.004Z {ConfigApi.Serial} CP-8841-3PCC 42 PROV - Resync failed: file not found");

        var entry = Assert.Single(await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 1))!;
        Assert.Equal("serial", (string?)entry["matchedBy"]);
        Assert.Equal("rfc5424", (string?)entry["format"]);
        Assert.Equal("error", (string?)entry["severity"]);
        Assert.Equal("PROV", (string?)entry["messageId"]);
        Assert.Equal("resyncFailure", (string?)entry["event"]);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 11, 22, 33, 4, TimeSpan.Zero), (DateTimeOffset)entry["timestamp"]!);
        var status = (await syslog.StatusAsync())!;
        Assert.Equal("failed", (string?)status["lastResyncResult"]);
        Assert.Equal("file not found", (string?)status["lastResyncError"]);
        Assert.Equal("file not found", (string?)status["lastError"]);
        Assert.Null(status["lastUpgradeResult"]);
    }

    [Fact]
    public async Task An_upgrade_failure_becomes_the_devices_upgrade_status_with_its_error_text_and_version()
    {
        await using var syslog = await SyslogAcs.StartAsync();
        await syslog.FetchProfileAsync();
        var image = FirmwareImage.Pack([ConfigApi.Model], "12.0.2", RandomNumberGenerator.GetBytes(2000));
        using (var upload = await syslog.Acs.Api.PostAsync("api/firmware", new ByteArrayContent(image)))
        {
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }
        const string url = "http://acs.example:7567/firmware/sip88xx.12-0-2.loads";

        await syslog.SendAsync($"<134>Mar  9 08:15:02 00562b04dd5b CP-8841-3PCC 00:56:2b:04:dd:5b -- Requesting upgrade {url}");
        await syslog.SendAsync("<131>Mar  9 08:15:09 00562b04dd5b CP-8841-3PCC 00:56:2b:04:dd:5b -- Upgrade failed: the image is damaged (payload hash mismatch)");
        var logs = await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 2);

        Assert.Equal(["upgradeFailure", "upgradeRequest"], logs.Select(e => (string?)e!["event"]));   // newest first
        var status = (await syslog.StatusAsync())!;
        Assert.Equal("failed", (string?)status["lastUpgradeResult"]);
        Assert.Equal("the image is damaged (payload hash mismatch)", (string?)status["lastUpgradeError"]);
        Assert.Equal("the image is damaged (payload hash mismatch)", (string?)status["lastError"]);
        Assert.Equal(url, (string?)status["lastUpgradeUrl"]);
        Assert.Equal("12.0.2", (string?)status["lastUpgradeVersion"]);   // from the stored image the URL names
        Assert.Null(status["lastResyncResult"]);

        // A later success replaces the upgrade outcome; the last error stays on record.
        await syslog.SendAsync($"<134>Mar  9 08:20:00 00562b04dd5b CP-8841-3PCC 00:56:2b:04:dd:5b -- Successful upgrade {url} -- ");
        await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 3);
        status = (await syslog.StatusAsync())!;
        Assert.Equal("succeeded", (string?)status["lastUpgradeResult"]);
        Assert.Null(status["lastUpgradeError"]);
        Assert.Equal("the image is damaged (payload hash mismatch)", (string?)status["lastError"]);
    }

    [Fact]
    public async Task Garbage_is_counted_as_malformed_kept_unattached_and_the_receiver_keeps_storing()
    {
        await using var syslog = await SyslogAcs.StartAsync();

        await syslog.SendAsync([0xFF, 0x00, 0x13, 0x37]);
        await syslog.SendAsync("no priority at all");
        await syslog.SendAsync("<14>1 yesterday host app - - - broken 5424");
        await syslog.SendAsync($"<134>Mar  9 08:15:02 {ConfigApi.Mac} after the garbage");

        await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 1);
        var unattached = await syslog.WaitForLogsAsync("api/syslog/unattached", 3);
        Assert.All(unattached, e => Assert.True((bool)e!["malformed"]!));
        Assert.Contains(unattached, e => (string?)e!["message"] == "no priority at all" && ((string?)e["problem"])!.Contains("<PRI>", StringComparison.Ordinal));
        var stats = await syslog.StatsAsync();
        Assert.Equal(3, (long)stats["malformed"]!);
        Assert.Equal(4, (long)stats["stored"]!);
    }

    [Fact]
    public async Task A_message_naming_no_known_device_is_stored_unattached_and_counted()
    {
        await using var syslog = await SyslogAcs.StartAsync();

        await syslog.SendAsync("<134>Mar  9 08:15:02 0011aabbccdd CP-8841-3PCC 00:11:aa:bb:cc:dd -- Successful resync tftp://10.0.0.1/basic.txt");

        var entry = Assert.Single(await syslog.WaitForLogsAsync("api/syslog/unattached", 1))!;
        Assert.Null((string?)entry["deviceId"]);
        Assert.Equal("resyncSuccess", (string?)entry["event"]);
        Assert.Empty(await syslog.LogsAsync(SyslogAcs.DeviceLogs()));
        Assert.Equal(1, (long)(await syslog.StatsAsync())["unattached"]!);
        Assert.Null(await syslog.StatusAsync());
    }

    [Fact]
    public async Task A_message_naming_nothing_is_attached_by_the_senders_address_only_while_one_device_has_it()
    {
        await using var syslog = await SyslogAcs.StartAsync();
        using var cpe = syslog.Acs.Cpe(serial: "ADDR0001");
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);   // its Inform came from 127.0.0.1
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        var logs = $"api/devices/{Uri.EscapeDataString(cpe.DeviceId)}/logs";
        await TestAcs.EventuallyAsync(async () => (await syslog.Acs.Api.GetAsync(logs)).IsSuccessStatusCode, "the device to be stored");

        await syslog.SendAsync("<14>Mar  9 08:15:02 phone resync done");
        var entry = Assert.Single(await syslog.WaitForLogsAsync(logs, 1))!;
        Assert.Equal("address", (string?)entry["matchedBy"]);

        // A second device at the same address (a NAT): the sender could be either, so the message stays unattached.
        using var other = syslog.Acs.Cpe(serial: "ADDR0002");
        Assert.Equal(200, (await other.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await other.EmptyAsync()).Status);
        await TestAcs.EventuallyAsync(async () => (await syslog.Acs.Api.GetAsync($"api/devices/{Uri.EscapeDataString(other.DeviceId)}")).IsSuccessStatusCode,
            "the second device to be stored");
        await syslog.SendAsync("<14>Mar  9 08:15:03 phone which one");
        await syslog.WaitForLogsAsync("api/syslog/unattached", 1);
        Assert.Single(await syslog.LogsAsync(logs));
    }

    [Fact]
    public async Task A_flood_is_shed_and_counted_and_a_message_after_it_is_still_stored()
    {
        // A small queue so the 50,000 datagrams below certainly outrun the database.
        await using var syslog = await SyslogAcs.StartAsync(o => o.SyslogQueueCapacity = 64);
        var noise = Encoding.ASCII.GetBytes("<134>Mar  9 08:15:02 flood CP-8841-3PCC 00:11:aa:bb:cc:dd -- Requesting resync tftp://10.0.0.1/x.cfg");

        syslog.Flood(noise, 50_000);

        // The kernel may drop datagrams while the backlog drains: the marker is sent again on each look until it is stored
        // (a state, bounded by the wait, not a guess at how long draining takes).
        var marker = $"<134>Mar  9 08:16:00 {ConfigApi.Mac} after the flood";
        await TestAcs.EventuallyAsync(async () =>
        {
            if ((await syslog.LogsAsync(SyslogAcs.DeviceLogs())).Count > 0)
            {
                return true;
            }
            await syslog.SendAsync(marker);
            return false;
        }, "a message sent after the flood to be stored");
        var stats = await syslog.StatsAsync();
        Assert.True((long)stats["shed"]! > 0, $"no datagram was shed: {stats}");
        Assert.True((long)stats["stored"]! <= (long)stats["received"]! - (long)stats["shed"]!, $"stored more than was kept: {stats}");
    }
}
