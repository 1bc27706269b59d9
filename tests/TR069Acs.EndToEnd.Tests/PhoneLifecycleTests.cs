using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;
using TR069Acs.Server;

namespace TR069Acs.EndToEnd.Tests;

/// <summary>The ACS and the phone agent together on loopback: what an operator does through the API reaches the phone.</summary>
public sealed class PhoneLifecycleTests : IAsyncLifetime
{
    private AcsInstance _acs = null!;
    private PhoneFleet _fleet = null!;
    private string _stateDirectory = null!;

    private Phone Phone => _fleet.Phones[0];

    private string DeviceUrl => $"api/devices/{Uri.EscapeDataString(Phone.DeviceId)}";

    public async Task InitializeAsync()
    {
        _acs = await AcsInstance.StartAsync();
        _stateDirectory = Directory.CreateTempSubdirectory("phone-e2e-").FullName;
        _fleet = await StartPhoneAsync();
        await AcsInstance.EventuallyAsync(async () => (await _acs.GetArrayAsync("api/devices")).Count == 1, "the phone to register");
    }

    private async Task<PhoneFleet> StartPhoneAsync()
    {
        var fleet = new PhoneFleet(new PhoneOptions
        {
            AcsUrl = _acs.CwmpUri,
            Mac = "0023EB0000A1",
            Serial = "FCH2001A0A1",
            StateDirectory = _stateDirectory,
        });
        await fleet.StartAsync();
        return fleet;
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _acs.DisposeAsync();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task Phone_appears_in_the_device_list_with_its_identity()
    {
        var device = (await _acs.GetArrayAsync("api/devices")).Single()!.AsObject();

        Assert.Equal("0023EB-CP-8841-3PCC-FCH2001A0A1", (string?)device["id"]);
        Assert.Equal("0023EB", (string?)device["oui"]);
        Assert.Equal("CP-8841-3PCC", (string?)device["productClass"]);
        Assert.Equal("FCH2001A0A1", (string?)device["serialNumber"]);
        Assert.Equal(Phone.SoftwareVersion, (string?)device["softwareVersion"]);
        Assert.Equal("0023eb0000a1", ((string?)device["macAddress"])?.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.NotNull(device["lastInform"]);

        var one = await _acs.GetJsonAsync(DeviceUrl);
        var events = one["lastEvents"]!.AsArray().Select(e => e is JsonObject o ? (string?)o["eventCode"] : (string?)e).ToList();
        Assert.Contains("0 BOOTSTRAP", events);
        Assert.Contains("1 BOOT", events);
    }

    [Fact]
    public async Task GetParameterValues_by_connection_request_stores_the_phones_values()
    {
        var expected = Phone.GetValue("Device.Time.NTPServer1");
        Assert.False(string.IsNullOrEmpty(expected));

        var task = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "getParameterValues", parameterNames = new[] { "Device.Time." } });

        Assert.Equal("done", (string?)task["status"]);
        var parameters = await _acs.GetArrayAsync($"{DeviceUrl}/parameters?prefix=Device.Time.");
        var ntp = parameters.Single(p => (string?)p!["name"] == "Device.Time.NTPServer1")!;
        Assert.Equal(expected, (string?)ntp["value"]);
    }

    [Fact]
    public async Task SetParameterValues_reaches_the_phone_and_the_stored_tree()
    {
        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new[] { new { name = "Device.ManagementServer.PeriodicInformInterval", value = "3600", type = "xsd:unsignedInt" } },
        });

        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal("3600", Phone.GetValue("Device.ManagementServer.PeriodicInformInterval"));
        var parameters = await _acs.GetArrayAsync($"{DeviceUrl}/parameters?prefix=Device.ManagementServer.PeriodicInformInterval");
        Assert.Equal("3600", (string?)parameters.Single()!["value"]);
    }

    [Fact]
    public async Task SetParameterValues_of_a_port_before_its_host_and_an_exact_datetime_reach_the_phone_as_sent()
    {
        // TR-069 A.3.2.1: the order has no significance; the phone has no proxy yet, so the port alone could not apply.
        const string Sip = "Device.Services.VoiceService.1.VoiceProfile.1.SIP.";
        const string Time = "Device.ManagementServer.PeriodicInformTime";
        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new object[]
            {
                new { name = Sip + "OutboundProxyPort", value = "5080", type = "xsd:unsignedInt" },
                new { name = Sip + "OutboundProxy", value = "obp.carrier.test", type = "xsd:string" },
                new { name = Time, value = "2026-12-06T08:15:18.707Z", type = "xsd:dateTime" },
            },
        });
        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal("obp.carrier.test:5080", Phone.GetValue("Device.X_CISCO_COM_FlatProfile.Outbound_Proxy_1_"));

        var read = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "getParameterValues", parameterNames = new[] { Time, Sip + "OutboundProxyPort" } });

        Assert.Equal("done", (string?)read["status"]);
        var stored = await _acs.GetArrayAsync($"{DeviceUrl}/parameters?prefix=Device.ManagementServer.PeriodicInformTime");
        Assert.Equal("2026-12-06T08:15:18.707Z", (string?)stored.Single()!["value"]);
    }

    [Fact]
    public async Task SetParameterValues_with_an_unknown_name_is_a_recorded_fault_and_changes_nothing()
    {
        var before = Phone.GetValue("Device.Time.NTPServer2");

        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new object[]
            {
                new { name = "Device.Time.NTPServer2", value = "ntp2.carrier.test" },
                new { name = "Device.NoSuchThing.Value", value = "1" },
            },
        });

        Assert.Equal("fault", (string?)task["status"]);
        Assert.Equal(before, Phone.GetValue("Device.Time.NTPServer2"));
        var faults = await _acs.GetArrayAsync($"{DeviceUrl}/faults");
        Assert.Contains(faults, f => (int?)f!["code"] == 9003 || (int?)f!["faultCode"] == 9003);
    }

    [Fact]
    public async Task Object_and_attribute_methods_work_end_to_end()
    {
        var names = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "getParameterNames", parameterPath = "Device.ManagementServer.", nextLevel = true });
        Assert.Equal("done", (string?)names["status"]);
        var tree = await _acs.GetArrayAsync($"{DeviceUrl}/parameters?prefix=Device.ManagementServer.");
        Assert.Contains(tree, p => (string?)p!["name"] == "Device.ManagementServer.PeriodicInformInterval" && (bool?)p["writable"] == true);

        var add = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "addObject", objectName = "Device.Services.VoiceService.1.VoiceProfile.1.Line." });
        Assert.Equal("done", (string?)add["status"]);
        var line = Phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.1.LineNumberOfEntries");
        Assert.Equal("2", line);

        var delete = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "deleteObject", objectName = "Device.Services.VoiceService.1.VoiceProfile.1.Line.2." });
        Assert.Equal("done", (string?)delete["status"]);
        Assert.Equal("1", Phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.1.LineNumberOfEntries"));

        var setAttr = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "setParameterAttributes",
            parameterAttributes = new[] { new { name = "Device.Time.NTPServer1", notificationChange = true, notification = 2 } },
        });
        Assert.Equal("done", (string?)setAttr["status"]);
        var getAttr = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "getParameterAttributes", parameterNames = new[] { "Device.Time.NTPServer1" } });
        Assert.Equal("done", (string?)getAttr["status"]);
        var stored = await _acs.GetArrayAsync($"{DeviceUrl}/parameters?prefix=Device.Time.NTPServer1");
        Assert.Equal(2, (int?)stored.Single()!["notification"]);
    }

    [Fact]
    public async Task Reboot_brings_the_phone_back_with_boot_events()
    {
        var sessionsBefore = Phone.SessionsCompleted;

        var task = await _acs.RunTaskAsync(Phone.DeviceId, new { type = "reboot", commandKey = "reboot-e2e" });

        Assert.Equal("done", (string?)task["status"]);
        await AcsInstance.EventuallyAsync(async () =>
        {
            var events = (await _acs.GetJsonAsync(DeviceUrl))["lastEvents"]!.AsArray()
                .Select(e => e is JsonObject o ? (string?)o["eventCode"] : (string?)e).ToList();
            return events.Contains("M Reboot") && events.Contains("1 BOOT");
        }, "the phone to inform with 1 BOOT and M Reboot");
        Assert.True(Phone.SessionsCompleted > sessionsBefore);
    }

    [Fact]
    public async Task Firmware_download_upgrades_the_phone_and_reports_transfer_complete()
    {
        await using var files = await FileServer.StartAsync();
        // An image made as `acs firmware pack` makes it: the phone verifies it and installs the version of its header.
        var payload = new byte[64 * 1024];
        Random.Shared.NextBytes(payload);
        var image = TR069Acs.Provisioning.Firmware.FirmwareImage.Pack(["CP-8841-3PCC"], "sip88xx.12-0-2-0001-1", payload);
        files.Add("/firmware/sip88xx.12-0-2-0001-1.loads", image);

        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "download",
            fileType = "1 Firmware Upgrade Image",
            url = new Uri(files.BaseUri, "firmware/sip88xx.12-0-2-0001-1.loads").ToString(),
            fileSize = image.Length,
            commandKey = "fw-e2e-1",
        }, waitSeconds: 60);

        Assert.Equal("done", (string?)task["status"]);
        Assert.Contains("/firmware/sip88xx.12-0-2-0001-1.loads", files.Requests);
        await AcsInstance.EventuallyAsync(async () =>
            (string?)(await _acs.GetJsonAsync(DeviceUrl))["softwareVersion"] == "sip88xx.12-0-2-0001-1",
            "the next Inform to report the new SoftwareVersion");
        Assert.Equal("sip88xx.12-0-2-0001-1", Phone.SoftwareVersion);
    }

    [Fact]
    public async Task Random_bytes_stored_under_a_firmware_name_are_refused_by_the_phone_as_corrupted()
    {
        // Issue 15: 200 KB of random bytes uploaded with ?models=&version= were "installed" because of their name.
        var random = new byte[200 * 1024];
        Random.Shared.NextBytes(random);
        using (var upload = await _acs.Api.PostAsync("api/firmware?models=CP-8841-3PCC&version=sip88xx.12-0-3", new ByteArrayContent(random)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, upload.StatusCode);
        }
        var version = Phone.SoftwareVersion;

        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "download",
            fileType = "1 Firmware Upgrade Image",
            url = new Uri(_acs.App.GetFilesUri(), "firmware/sip88xx.12-0-3.loads").ToString(),
            fileSize = random.Length,
        }, waitSeconds: 60);

        Assert.Equal("fault", (string?)task["status"]);
        Assert.Equal(9018, (int?)(task["faultCode"] ?? task["fault"]?["code"]));
        Assert.Equal(version, Phone.SoftwareVersion);
    }

    [Fact]
    public async Task Firmware_download_of_a_missing_file_is_a_fault_and_the_phone_keeps_its_version()
    {
        await using var files = await FileServer.StartAsync();
        var version = Phone.SoftwareVersion;

        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "download",
            fileType = "1 Firmware Upgrade Image",
            url = new Uri(files.BaseUri, "firmware/missing.loads").ToString(),
        }, waitSeconds: 60);

        Assert.Equal("fault", (string?)task["status"]);
        Assert.Equal(9016, (int?)(task["faultCode"] ?? task["fault"]?["code"]));
        Assert.Equal(version, Phone.SoftwareVersion);
    }

    [Fact]
    public async Task Tasks_queued_while_the_acs_restarts_are_delivered_afterwards()
    {
        await _fleet.DisposeAsync();
        using (var queued = await _acs.Api.PostAsync($"{DeviceUrl}/tasks",
                   System.Net.Http.Json.JsonContent.Create(new
                   {
                       type = "setParameterValues",
                       parameterValues = new[] { new { name = "Device.Time.NTPServer2", value = "after-restart.test" } },
                   })))
        {
            Assert.True(queued.IsSuccessStatusCode);
        }

        await _acs.RestartAsync();
        _fleet = await StartPhoneAsync();

        await AcsInstance.EventuallyAsync(() => Task.FromResult(Phone.GetValue("Device.Time.NTPServer2") == "after-restart.test"),
            "the queued SetParameterValues to reach the phone after the ACS restart");
        var tasks = await _acs.GetArrayAsync($"{DeviceUrl}/tasks");
        Assert.All(tasks, t => Assert.Equal("done", (string?)t!["status"]));
    }
}
