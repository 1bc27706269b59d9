using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Configuration;

/// <summary>
/// Issue 15 §1 with the real phone agent: the configured values are on the phone at the end of its first session,
/// whether it was pre-registered or is brand new; a factory reset brings them back; a value changed on the phone is
/// put back (enforce) or only reported (report); a reboot sends nothing the phone already has, secrets included.
/// </summary>
public sealed class DesiredStateTests : IAsyncLifetime
{
    private const string Model = "CP-8841-3PCC";
    private const string FlatPath = "Device.X_CISCO_COM_FlatProfile.";
    private static readonly TimeSpan SessionWait = TimeSpan.FromSeconds(60);

    private AcsInstance _acs = null!;
    private PhoneFleet? _fleet;

    // The default CPE authentication (Credentials, bootstrap admission): a factory-reset phone comes back with its lab
    // bootstrap credential, which the re-admission window opened by the answered FactoryReset lets in once.
    public async Task InitializeAsync() => _acs = await AcsInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task A_pre_registered_phone_ends_its_first_session_with_its_device_tag_and_global_values()
    {
        const string Mac = "0023EB00D501", Serial = "FCH2001D501";
        var deviceId = $"0023EB-{Model}-{Serial}";
        await SendAsync(HttpMethod.Post, "api/devices", $$"""{"mac":"{{Mac}}","serial":"{{Serial}}","model":"{{Model}}","tags":["desk"]}""");
        await SendAsync(HttpMethod.Put, "api/config/global", """{"parameters":{"Primary_NTP_Server":"ntp.carrier.example"}}""");
        await SendAsync(HttpMethod.Put, "api/config/tags/desk", """{"parameters":{"Proxy_1_":"sip.carrier.example"}}""");
        await SendAsync(HttpMethod.Put, $"api/config/devices/{deviceId}", """{"parameters":{"User_ID_1_":"4711"}}""");

        var phone = await StartPhoneAsync(Mac, Serial);
        Assert.Equal(deviceId, phone.DeviceId);
        var first = await phone.WaitForSessionAsync(r => r.Number == 1, SessionWait, afterSession: 0);

        Assert.True(first.Succeeded, first.Error);
        Assert.True(first.HasEvent("0 BOOTSTRAP"));
        Assert.Contains("SetParameterValues", first.AcsRequests);
        // Read from the phone itself: its flat values and the TR-069 paths that map them.
        Assert.Equal("4711", phone.GetFlatValue("User_ID_1_"));
        Assert.Equal("sip.carrier.example", phone.GetFlatValue("Proxy_1_"));
        Assert.Equal("ntp.carrier.example", phone.GetFlatValue("Primary_NTP_Server"));
        Assert.Equal("4711", phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber"));
        Assert.Equal("ntp.carrier.example", phone.GetValue("Device.Time.NTPServer1"));

        var config = await _acs.GetJsonAsync($"api/devices/{deviceId}/config");
        foreach (var name in new[] { "User_ID_1_", "Proxy_1_", "Primary_NTP_Server" })
        {
            Assert.Equal("confirmed", (string?)config["parameters"]![name]!["status"]);
        }
    }

    [Fact]
    public async Task A_brand_new_phone_ends_its_first_session_with_the_global_and_model_values()
    {
        await SendAsync(HttpMethod.Put, "api/config/global", """{"parameters":{"Primary_NTP_Server":"ntp.carrier.example"}}""");
        await SendAsync(HttpMethod.Put, $"api/config/models/{Model}", """{"parameters":{"Secondary_NTP_Server":"ntp2.carrier.example","Resync_Periodic":"7200"}}""");

        var phone = await StartPhoneAsync("0023EB00D502", "FCH2001D502");
        var first = await phone.WaitForSessionAsync(r => r.Number == 1, SessionWait, afterSession: 0);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal("ntp.carrier.example", phone.GetFlatValue("Primary_NTP_Server"));
        Assert.Equal("ntp2.carrier.example", phone.GetFlatValue("Secondary_NTP_Server"));
        Assert.Equal("7200", phone.GetFlatValue("Resync_Periodic"));
    }

    [Fact]
    public async Task A_factory_reset_brings_the_configured_values_back_in_the_bootstrap_session()
    {
        await SendAsync(HttpMethod.Put, "api/config/global", """{"parameters":{"Primary_NTP_Server":"ntp.carrier.example","GPP_A":"carrier"}}""");
        var phone = await StartPhoneAsync("0023EB00D503", "FCH2001D503");
        await phone.WaitForSessionAsync(r => r.Number == 1 && r.Succeeded, SessionWait, afterSession: 0);
        Assert.Equal("carrier", phone.GetFlatValue("GPP_A"));
        // Bound in its first session: the phone holds credentials of its own, not the factory pair.
        const string Management = "Device.ManagementServer.";
        var ownPassword = phone.GetValue(Management + "Password");
        Assert.Equal(phone.DeviceId, phone.GetValue(Management + "Username"));
        Assert.NotEqual(PhoneOptions.LabAcsPassword, ownPassword);

        var before = phone.SessionsCompleted;
        var reset = await _acs.RunTaskAsync(phone.DeviceId, new { type = "factoryReset" });
        Assert.Equal("done", (string?)reset["status"]);
        var bootstrap = await phone.WaitForSessionAsync(r => r.HasEvent("0 BOOTSTRAP"), SessionWait, before);

        // Under the default CPE authentication: re-admitted with the factory credential, bound to fresh credentials, and
        // its configured values are back — all in the bootstrap session.
        Assert.True(bootstrap.Succeeded, bootstrap.Error);
        Assert.Contains("SetParameterValues", bootstrap.AcsRequests);
        Assert.Equal("carrier", phone.GetFlatValue("GPP_A"));
        Assert.Equal("ntp.carrier.example", phone.GetFlatValue("Primary_NTP_Server"));
        Assert.Equal(phone.DeviceId, phone.GetValue(Management + "Username"));
        Assert.NotEqual(PhoneOptions.LabAcsPassword, phone.GetValue(Management + "Password"));
        Assert.NotEqual(ownPassword, phone.GetValue(Management + "Password"));

        // Its next session opens with the fresh credentials (the window is used: the factory pair would no longer do).
        before = phone.SessionsCompleted;
        phone.Reboot();
        var boot = await phone.WaitForSessionAsync(r => r.HasEvent("1 BOOT"), SessionWait, before);
        Assert.True(boot.Succeeded, boot.Error);
    }

    [Fact]
    public async Task A_value_changed_on_the_phone_is_put_back_when_enforced_and_kept_when_only_reported()
    {
        await SendAsync(HttpMethod.Put, "api/config/global", """{"parameters":{"User_ID_1_":"4711"}}""");
        var phone = await StartPhoneAsync("0023EB00D504", "FCH2001D504");
        await phone.WaitForSessionAsync(r => r.Number == 1 && r.Succeeded, SessionWait, afterSession: 0);
        // The phone reports a change of User_ID_1_ at once (active notification).
        var attributes = await _acs.RunTaskAsync(phone.DeviceId, new
        {
            type = "setParameterAttributes",
            parameterAttributes = new[] { new { name = FlatPath + "User_ID_1_", notification = 2 } },
        });
        Assert.Equal("done", (string?)attributes["status"]);

        // Enforce (the default): changed on the keypad, back to 4711 in the session that reports it.
        var before = phone.SessionsCompleted;
        phone.SetLocalValue(FlatPath + "User_ID_1_", "9999");
        var changed = await phone.WaitForSessionAsync(r => r.HasEvent("4 VALUE CHANGE"), SessionWait, before);
        Assert.True(changed.Succeeded, changed.Error);
        Assert.Contains("SetParameterValues", changed.AcsRequests);
        Assert.Equal("4711", phone.GetFlatValue("User_ID_1_"));

        // Report: the phone keeps its value, the ACS shows the drift.
        await SendAsync(HttpMethod.Patch, "api/config/global", """{"parameters":{"_drift":"report"}}""");
        before = phone.SessionsCompleted;
        phone.SetLocalValue(FlatPath + "User_ID_1_", "8888");
        changed = await phone.WaitForSessionAsync(r => r.HasEvent("4 VALUE CHANGE"), SessionWait, before);
        Assert.True(changed.Succeeded, changed.Error);
        Assert.DoesNotContain("SetParameterValues", changed.AcsRequests);
        Assert.Equal("8888", phone.GetFlatValue("User_ID_1_"));
        var value = (await _acs.GetJsonAsync($"api/devices/{phone.DeviceId}/config"))["parameters"]!["User_ID_1_"]!;
        Assert.Equal("drifted", (string?)value["status"]);
        Assert.Equal("8888", (string?)value["phoneValue"]);
        Assert.Equal("4711", (string?)value["value"]);
    }

    [Fact]
    public async Task A_reboot_sends_nothing_the_phone_already_has_secrets_included()
    {
        await SendAsync(HttpMethod.Put, "api/config/global", """{"parameters":{"Primary_NTP_Server":"ntp.carrier.example","Password_1_":"sip-secret-1"}}""");
        var phone = await StartPhoneAsync("0023EB00D505", "FCH2001D505");
        var first = await phone.WaitForSessionAsync(r => r.Number == 1 && r.Succeeded, SessionWait, afterSession: 0);
        Assert.Contains("SetParameterValues", first.AcsRequests);
        Assert.Equal("sip-secret-1", phone.GetFlatValue("Password_1_"));

        var before = phone.SessionsCompleted;
        phone.Reboot();
        var boot = await phone.WaitForSessionAsync(r => r.HasEvent("1 BOOT"), SessionWait, before);

        Assert.True(boot.Succeeded, boot.Error);
        Assert.DoesNotContain("SetParameterValues", boot.AcsRequests);
        var config = await _acs.GetJsonAsync($"api/devices/{phone.DeviceId}/config");
        Assert.Equal("confirmed", (string?)config["parameters"]!["Password_1_"]!["status"]);
        Assert.DoesNotContain("sip-secret-1", config.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<Phone> StartPhoneAsync(string mac, string serial)
    {
        _fleet = new PhoneFleet(new PhoneOptions { AcsUrl = _acs.CwmpUri, Mac = mac, Serial = serial, Model = Model });
        await _fleet.StartAsync();
        return _fleet.Phones[0];
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await _acs.Api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} → {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }
}
