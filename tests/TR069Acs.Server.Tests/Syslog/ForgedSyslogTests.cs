using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>Issue 16 §6: syslog naming a phone's MAC from another address than the phone's last known one (its last Inform
/// or profile fetch, 127.0.0.1 here) is stored marked unverified, changes no status, and has a retention budget of its
/// own, so a flood of forged lines (from 127.0.0.2) never pushes the phone's genuine lines out.</summary>
public sealed class ForgedSyslogTests
{
    private const string Forger = "127.0.0.2";

    [Fact]
    public async Task A_message_from_another_address_is_stored_unverified_and_changes_no_status()
    {
        await using var syslog = await SyslogAcs.StartAsync();
        await syslog.FetchProfileAsync();
        await syslog.SendAsync($"<134>Mar  9 08:15:02 phone CP-8841-3PCC {ConfigApi.Mac} -- Successful resync http://acs.example/cfg/spa{ConfigApi.Mac}.cfg");
        await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 1);
        Assert.Equal("succeeded", (string?)(await syslog.StatusAsync())!["lastResyncResult"]);
        using var forger = Socket(Forger);

        await forger.SendToAsync(Encoding.ASCII.GetBytes($"<131>Mar  9 08:16:00 phone CP-8841-3PCC {ConfigApi.Mac} -- Resync failed: forged"), syslog.EndPoint);

        var newest = (await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 2))[0]!;
        Assert.Equal(Forger, (string?)newest["remoteAddress"]);
        Assert.Equal("mac", (string?)newest["matchedBy"]);
        Assert.Equal("resyncFailure", (string?)newest["event"]);
        Assert.False((bool)newest["verified"]!);
        var status = (await syslog.StatusAsync())!;
        Assert.Equal("succeeded", (string?)status["lastResyncResult"]);
        Assert.Null(status["lastError"]);
        Assert.Equal(1, (long)(await syslog.StatsAsync())["unverified"]!);
    }

    [Fact]
    public async Task A_flood_of_forged_lines_keeps_to_its_own_budget_and_evicts_none_of_the_devices_verified_lines()
    {
        await using var syslog = await SyslogAcs.StartAsync(o =>
        {
            o.SyslogMaxMessagesPerDevice = 5;
            o.SyslogMaxUnverifiedMessagesPerDevice = 10;
        });
        await syslog.FetchProfileAsync();
        for (var i = 0; i < 3; i++)
        {
            await syslog.SendAsync($"<134>Mar  9 08:15:0{i} phone CP-8841-3PCC {ConfigApi.Mac} -- Requesting resync http://acs.example/genuine-{i}.cfg");
        }
        await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 3);
        using var forger = Socket(Forger);
        var forged = Encoding.ASCII.GetBytes($"<131>Mar  9 08:16:00 phone CP-8841-3PCC {ConfigApi.Mac} -- Resync failed: forged");

        // Sent in chunks, each stored before the next (a state, not a pause), until far more than both budgets are in.
        for (var chunk = 0; chunk < 100 && (long)(await syslog.StatsAsync())["unverified"]! < 150; chunk++)
        {
            for (var i = 0; i < 50; i++)
            {
                await forger.SendToAsync(forged, syslog.EndPoint);
            }
            await TestAcs.EventuallyAsync(async () => (long)(await syslog.StatsAsync())["pending"]! == 0, "the forged chunk to be stored");
        }
        Assert.True((long)(await syslog.StatsAsync())["unverified"]! >= 150, "the forged lines were not stored");
        await syslog.Acs.App.Services.GetRequiredService<SyslogRetention>().PruneAsync(CancellationToken.None);

        var logs = await syslog.LogsAsync(SyslogAcs.DeviceLogs() + "?limit=1000");
        var genuine = logs.Where(e => (bool)e!["verified"]!).Select(e => (string?)e!["message"]).ToList();
        Assert.Equal(3, genuine.Count);
        Assert.All(genuine, m => Assert.Contains("genuine", m, StringComparison.Ordinal));
        Assert.Equal(10, logs.Count(e => !(bool)e!["verified"]!));
        var status = (await syslog.StatusAsync())!;
        Assert.Equal("requested", (string?)status["lastResyncResult"]);
        Assert.Null(status["lastError"]);
    }

    private static Socket Socket(string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return socket;
    }
}
