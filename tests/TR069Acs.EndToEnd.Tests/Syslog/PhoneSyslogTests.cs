using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server;
using TR069Acs.Server.Files;
using TR069Acs.Server.Syslog;

namespace TR069Acs.EndToEnd.Tests.Syslog;

/// <summary>The phone agent with <c>Syslog_Server</c> pointed at the ACS: its <c>Log_*_Msg</c> lines land under the
/// device's logs and status.</summary>
public sealed class PhoneSyslogTests : IAsyncLifetime
{
    private AcsInstance _acs = null!;
    private PhoneFleet _fleet = null!;
    private string _directory = null!;

    private Phone Phone => _fleet.Phones[0];

    private string DeviceUrl => $"api/devices/{Uri.EscapeDataString(Phone.DeviceId)}";

    public async Task InitializeAsync()
    {
        _acs = await AcsInstance.StartAsync(configure: o => o.FirmwareAuth = FirmwareAuthMode.PerDownload);
        _directory = Directory.CreateTempSubdirectory("phone-syslog-e2e-").FullName;
        var syslog = _acs.App.GetSyslogEndPoint()!;
        // Factory settings: log to the ACS; no resync at boot, so the only resyncs are the test's.
        var factory = Path.Combine(_directory, "factory.xml");
        await File.WriteAllTextAsync(factory, $"""
            <flat-profile>
              <Syslog_Server>127.0.0.1:{syslog.Port}</Syslog_Server>
              <Resync_On_Reset>No</Resync_On_Reset>
            </flat-profile>
            """);
        _fleet = new PhoneFleet(new PhoneOptions
        {
            AcsUrl = _acs.CwmpUri,
            Mac = "0023EB0000C1",
            Serial = "FCH2001SYS1",
            StateDirectory = Path.Combine(_directory, "state"),
            ConfigFile = factory,
        });
        await _fleet.StartAsync();
        await AcsInstance.EventuallyAsync(async () => (await _acs.GetArrayAsync("api/devices")).Count == 1, "the phone to register");
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _acs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_resync_shows_its_Log_Request_and_Log_Success_lines_and_a_failed_one_its_reason()
    {
        var profile = $"{_acs.App.GetFilesUri()}cfg/$MA.xml";

        var failed = await Phone.ResyncAsync("http://127.0.0.1:1/unreachable.cfg");
        var succeeded = await Phone.ResyncAsync(profile);

        Assert.False(failed.Succeeded);
        Assert.True(succeeded.Succeeded, succeeded.Error);
        var logs = await LogsAsync(4);
        Assert.Equal(["resyncSuccess", "resyncRequest", "resyncFailure", "resyncRequest"], logs.Take(4).Select(e => (string?)e!["event"]));
        Assert.All(logs, e => Assert.Equal("mac", (string?)e!["matchedBy"]));
        Assert.Contains("0023eb0000c1.xml", (string?)logs[0]!["message"], StringComparison.OrdinalIgnoreCase);   // $PATH, macro-expanded
        var status = (await _acs.GetJsonAsync(DeviceUrl))["provisioning"]!;
        Assert.Equal("succeeded", (string?)status["lastResyncResult"]);
        Assert.EndsWith("/cfg/0023eb0000c1.xml", (string?)status["lastResyncUrl"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(failed.Error, (string?)status["lastError"]);
    }

    [Fact]
    public async Task A_firmware_download_with_per_download_credentials_upgrades_the_phone_and_its_syslog_says_so()
    {
        var image = FirmwareImage.Pack([Phone.ProductClass], "12.0.2", RandomNumberGenerator.GetBytes(20_000));
        using (var upload = await _acs.Api.PostAsync("api/firmware", new ByteArrayContent(image)))
        {
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }
        var url = new Uri(_acs.App.GetFilesUri(), "firmware/sip88xx.12-0-2.loads");
        using (var http = new HttpClient())
        using (var anonymous = await http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);   // only the Download's credentials open it
        }

        var task = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "download", fileType = "1 Firmware Upgrade Image", url = url.ToString() });

        Assert.True((string?)task["status"] == "done", task.ToJsonString());
        Assert.Equal("12.0.2", Phone.SoftwareVersion);
        // After the reboot the phone may resync too (Resync_After_Upgrade_Attempt): only the upgrade lines are asserted.
        var logs = await LogsAsync(2);
        Assert.Equal(["upgradeSuccess", "upgradeRequest"], logs.Select(e => (string?)e!["event"]).Where(e => e?.StartsWith("upgrade", StringComparison.Ordinal) == true));
        var status = (await _acs.GetJsonAsync(DeviceUrl))["provisioning"]!;
        Assert.Equal("succeeded", (string?)status["lastUpgradeResult"]);
        Assert.Equal("12.0.2", (string?)status["lastUpgradeVersion"]);
        Assert.Equal(url.ToString(), (string?)status["lastUpgradeUrl"]);
    }

    private async Task<JsonArray> LogsAsync(int count)
    {
        JsonArray logs = [];
        await AcsInstance.EventuallyAsync(async () => (logs = await _acs.GetArrayAsync($"{DeviceUrl}/logs")).Count >= count,
            $"{count} syslog message(s) of the phone");
        return logs;
    }
}
