using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using TR069Acs.Agent;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.Server;

namespace TR069Acs.EndToEnd.Tests.Tls;

/// <summary>The guides' secure resync end to end: the phone agent, with its client certificate and trusting only the lab
/// CA, resyncs its permanent profile from the ACS's HTTPS file server, which identifies it by the certificate and fills
/// the reflector template from it.</summary>
public sealed class HttpsProvisioningTests : IAsyncLifetime
{
    private const string Mac = "0023eb0000b1";
    private const string Serial = "FCH2001A0B1";
    private const string DeviceId = "0023EB-CP-8841-3PCC-" + Serial;
    private readonly string _directory = Directory.CreateTempSubdirectory("https-e2e-").FullName;
    private WebApplication _acs = null!;
    private HttpClient _api = null!;

    private string PathOf(string name) => Path.Combine(_directory, name);

    public async Task InitializeAsync()
    {
        using (var ca = LabCertificateAuthority.Create("CN=E2E Lab CA", days: 30))
        {
            PemCertificateFiles.Write(ca.Certificate, PathOf("ca.pem"), PathOf("ca.key"));
            using var server = ca.IssueServer(["127.0.0.1"], days: 30);
            PemCertificateFiles.Write(server, PathOf("server.pem"), PathOf("server.key"));
            using var phone = ca.IssueDevice("CP-8841-3PCC", Serial, Mac, days: 30);
            PemCertificateFiles.Write(phone, PathOf("phone.pem"), PathOf("phone.key"));
        }
        _acs = AcsHost.Build(["--Logging:LogLevel:Default", "Warning"], o =>
        {
            // Every phone of the tests runs on loopback; the default (off) refuses Connection Requests to it (issue 16 §4).
            o.ConnectionRequests.AllowLoopback = true;
            o.DataDirectory = PathOf("data");
            o.ListenAddress = "127.0.0.1";
            o.CwmpPort = 0;
            o.ApiPort = 0;
            o.FilesPort = 0;
            o.TftpPort = -1;
            // Every listener on a free port or off: the default syslog port (5514) may belong to an ACS already running here.
            o.SyslogPort = -1;
            o.FilesTlsPort = 0;
            o.TlsCertificate = PathOf("server.pem");
            o.TlsKey = PathOf("server.key");
            o.ClientCa = PathOf("ca.pem");
        });
        await _acs.StartAsync();
        _api = new HttpClient { BaseAddress = _acs.GetApiUri() };
        _api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            await Infrastructure.AcsInstance.LoginAsync(_acs.GetApiUri(), "admin", (await File.ReadAllTextAsync(Path.Combine(PathOf("data"), "initial-admin-password"))).Trim()));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _acs.StopAsync();
        await _acs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_phone_with_its_client_certificate_resyncs_its_profile_over_HTTPS_with_the_reflector_filled()
    {
        await SendAsync(HttpMethod.Post, "api/devices", $$"""{"mac":"{{Mac}}","serial":"{{Serial}}","model":"CP-8841-3PCC"}""");
        await SendAsync(HttpMethod.Put, "api/config/global", """{"parameters":{"GPP_D":"{{cert.OU}} {{cert.L}} {{cert.S}}"}}""");
        await SendAsync(HttpMethod.Put, $"api/config/devices/{DeviceId}", """{"parameters":{"GPP_A":"over https"}}""");
        var rule = $"{_acs.GetFilesTlsUri()}cfg/spa$MA.xml";
        await File.WriteAllTextAsync(PathOf("factory.xml"),
            $"<flat-profile><Resync_On_Reset>No</Resync_On_Reset><Resync_Periodic>0</Resync_Periodic><Profile_Rule>{rule}</Profile_Rule></flat-profile>");

        await using var fleet = new PhoneFleet(new PhoneOptions
        {
            AcsUrl = _acs.GetCwmpUri(),
            Mac = Mac,
            Serial = Serial,
            ConfigFile = PathOf("factory.xml"),
            ClientCertificateFile = PathOf("phone.pem"),
            ClientKeyFile = PathOf("phone.key"),
            TrustedCaFile = PathOf("ca.pem"),
        });
        await fleet.StartAsync();
        var outcome = await fleet.Phones[0].ResyncAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("over https", fleet.Phones[0].GetFlatValue("GPP_A"));
        Assert.Equal($"CP-8841-3PCC {Serial} {Mac}", fleet.Phones[0].GetFlatValue("GPP_D"));
        var config = await SendAsync(HttpMethod.Get, $"api/devices/{DeviceId}/config");
        Assert.Equal($"spa{Mac}.xml", (string?)config!["lastProfileFetch"]!["fileName"]);
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} → {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }
}
