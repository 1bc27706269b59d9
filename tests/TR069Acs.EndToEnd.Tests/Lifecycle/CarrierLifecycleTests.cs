using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.Server;

namespace TR069Acs.EndToEnd.Tests.Lifecycle;

/// <summary>
/// A phone's whole life with one carrier, every step through the ACS and its database: the operator scans the box
/// (pre-registration) and layers its configuration; the factory-fresh phone, TR-069 off, resyncs over TFTP from the
/// DHCP option 66 server and learns its permanent HTTPS rule and its ACS; the profile turns TR-069 on and the phone
/// bootstraps; it resyncs its permanent profile over HTTPS with its client certificate (the reflector template filled
/// from the certificate); then an operator change by flat name reaches it by Connection Request.
/// </summary>
public sealed class CarrierLifecycleTests : IAsyncLifetime
{
    private const string Mac = "0023eb00c0de";
    private const string Serial = "FCH2001C0DE";
    private const string Model = "CP-8841-3PCC";
    private const string DeviceId = "0023EB-CP-8841-3PCC-" + Serial;
    private readonly string _directory = Directory.CreateTempSubdirectory("lifecycle-e2e-").FullName;
    private AcsInstance _acs = null!;

    private string PathOf(string name) => Path.Combine(_directory, name);

    public async Task InitializeAsync()
    {
        using (var ca = LabCertificateAuthority.Create("CN=Carrier Lab CA", days: 30))
        {
            PemCertificateFiles.Write(ca.Certificate, PathOf("ca.pem"), PathOf("ca.key"));
            using var server = ca.IssueServer(["127.0.0.1"], days: 30);
            PemCertificateFiles.Write(server, PathOf("server.pem"), PathOf("server.key"));
            using var phone = ca.IssueDevice(Model, Serial, Mac, days: 30);
            PemCertificateFiles.Write(phone, PathOf("phone.pem"), PathOf("phone.key"));
        }
        _acs = await AcsInstance.StartAsync(PathOf("data"), o =>
        {
            o.FilesTlsPort = 0;
            o.TlsCertificate = PathOf("server.pem");
            o.TlsKey = PathOf("server.key");
            o.ClientCa = PathOf("ca.pem");
        });
    }

    public async Task DisposeAsync()
    {
        await _acs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_factory_phone_goes_from_TFTP_preprovisioning_to_HTTPS_and_TR069_and_takes_an_operator_change()
    {
        var https = _acs.App.GetFilesTlsUri();
        var tftp = _acs.App.GetTftpEndPoint()!;

        // The operator's side, before the phone is ever powered on.
        await SendAsync(HttpMethod.Post, "api/devices", $$"""{"mac":"{{Mac}}","serial":"{{Serial}}","model":"{{Model}}","tags":["berlin"]}""");
        await SendAsync(HttpMethod.Put, "api/config/global", $$$"""
            {"parameters":{"Enable_TR-069":"Yes","Profile_Rule":"{{{https}}}cfg/$MA.cfg","Resync_Periodic":"0",
                           "GPP_D":"{{cert.OU}} {{cert.L}} {{cert.S}}"}}
            """);
        await SendAsync(HttpMethod.Put, $"api/config/models/{Model}", """{"parameters":{"Secondary_NTP_Server":"ntp2.carrier.example"}}""");
        await SendAsync(HttpMethod.Put, "api/config/tags/berlin", """{"parameters":{"Primary_NTP_Server":"ntp.berlin.carrier.example","Time_Zone":"GMT+01:00"}}""");
        await SendAsync(HttpMethod.Put, $"api/config/devices/{DeviceId}", """{"parameters":{"Display_Name_1_":"Reception","Password_1_":"sip-Lifecycle-7"}}""");

        // A factory-fresh phone: TR-069 off, its rule a bare path resolved against the DHCP option 66 TFTP server.
        await File.WriteAllTextAsync(PathOf("factory.xml"),
            "<flat-profile><Enable_TR-069>No</Enable_TR-069><Resync_On_Reset>No</Resync_On_Reset><Profile_Rule>/spa$MA.cfg</Profile_Rule></flat-profile>");
        await using var fleet = new PhoneFleet(new PhoneOptions
        {
            AcsUrl = _acs.CwmpUri,
            Mac = Mac,
            Serial = Serial,
            Model = Model,
            ConfigFile = PathOf("factory.xml"),
            TftpServer = $"127.0.0.1:{tftp.Port}",
            ClientCertificateFile = PathOf("phone.pem"),
            ClientKeyFile = PathOf("phone.key"),
            TrustedCaFile = PathOf("ca.pem"),
        });
        await fleet.StartAsync();
        var phone = fleet.Phones[0];
        await AcsInstance.EventuallyAsync(() => Task.FromResult(phone.IsOnline), "the phone to power on");
        var off = await Assert.ThrowsAsync<InvalidOperationException>(() => phone.InformAsync("2 PERIODIC"));
        Assert.Contains("TR-069 turned off", off.Message, StringComparison.Ordinal);
        Assert.Equal(0, phone.SessionsCompleted);
        Assert.Null((await _acs.GetJsonAsync($"api/devices/{DeviceId}"))["lastInform"]);

        // Preprovisioning over TFTP: the whole layered profile, with the permanent HTTPS rule and TR-069 turned on.
        var sessionsBefore = phone.SessionsCompleted;
        var preprovisioned = await phone.ResyncAsync();
        Assert.True(preprovisioned.Succeeded, preprovisioned.Error);
        Assert.Equal($"tftp://127.0.0.1:{tftp.Port}/spa{Mac}.cfg", Assert.Single(preprovisioned.Urls));
        Assert.Equal($"{https}cfg/$MA.cfg", phone.GetFlatValue("Profile_Rule"));
        Assert.Equal("ntp.berlin.carrier.example", phone.GetFlatValue("Primary_NTP_Server"));
        Assert.Equal("ntp2.carrier.example", phone.GetFlatValue("Secondary_NTP_Server"));
        Assert.Equal("Reception", phone.GetFlatValue("Display_Name_1_"));
        Assert.DoesNotContain(Serial, phone.GetFlatValue("GPP_D") ?? "", StringComparison.Ordinal);   // TFTP carries no certificate
        Assert.NotEqual("sip-Lifecycle-7", phone.GetFlatValue("Password_1_"));   // nor any secret (issue 16 §3)

        // TR-069 on: the phone bootstraps into the ACS at once, with the boot it had been holding back.
        var bootstrap = await phone.WaitForSessionAsync(r => r.HasEvent("0 BOOTSTRAP"), TimeSpan.FromSeconds(30), sessionsBefore);
        Assert.True(bootstrap.Succeeded, bootstrap.Error);
        Assert.Equal(1, bootstrap.Number);   // its very first session: nothing before the profile turned TR-069 on
        Assert.True(bootstrap.HasEvent("1 BOOT"));
        var device = await _acs.GetJsonAsync($"api/devices/{DeviceId}");
        Assert.NotNull(device["lastInform"]);
        Assert.Equal(["berlin"], device["tags"]!.AsArray().Select(t => (string)t!));

        // The permanent profile over HTTPS, identified by the phone's certificate.
        var permanent = await phone.ResyncAsync();
        Assert.True(permanent.Succeeded, permanent.Error);
        Assert.Equal($"{https}cfg/{Mac}.cfg", Assert.Single(permanent.Urls));
        Assert.Equal($"{Model} {Serial} {Mac}", phone.GetFlatValue("GPP_D"));
        Assert.Equal("sip-Lifecycle-7", phone.GetFlatValue("Password_1_"));   // the verified certificate gets the secrets
        var config = await SendAsync(HttpMethod.Get, $"api/devices/{DeviceId}/config");
        Assert.Equal($"{Mac}.cfg", (string?)config!["lastProfileFetch"]!["fileName"]);

        // An operator change by flat name: queued, Connection Request, SetParameterValues, on the phone.
        var task = await SendAsync(HttpMethod.Post, $"api/devices/{DeviceId}/tasks?connectionRequest=true&wait=30",
            """{"type":"setParameterValues","parameterValues":[{"name":"Display_Name_1_","value":"Front desk"}]}""");
        Assert.Equal("done", (string?)task!["status"]);
        Assert.Equal("Front desk", phone.GetFlatValue("Display_Name_1_"));

        // And a change to a layer reaches it the same way, without anyone naming the device.
        await SendAsync(HttpMethod.Patch, "api/config/tags/berlin", """{"parameters":{"Primary_NTP_Server":"ntp-new.berlin.carrier.example"}}""");
        await AcsInstance.EventuallyAsync(() => Task.FromResult(phone.GetFlatValue("Primary_NTP_Server") == "ntp-new.berlin.carrier.example"),
            "the tag change to reach the phone by SetParameterValues");
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _acs.Api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} → {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }
}
