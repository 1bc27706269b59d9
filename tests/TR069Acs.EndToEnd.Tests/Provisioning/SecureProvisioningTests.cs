using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.Provisioning.Certificates;
using TR069Acs.EndToEnd.Tests.Infrastructure;
using TR069Acs.Server;

namespace TR069Acs.EndToEnd.Tests.Provisioning;

/// <summary>The SPC flow of the guides between the real ACS and the phone agent's resync engine: the factory rule fetches
/// the first stage over HTTPS with the phone's client certificate (issue 16 §3: the key goes only to a verified device
/// certificate), whose <c>[--key $A] …/$B/$MA.cfg</c> rule the phone expands and follows to its encrypted profile over
/// plain HTTP; after a rotation the old path is gone and the first stage leads to the new one.</summary>
public sealed class SecureProvisioningTests
{
    private const string Mac = "0023EB0000C3";
    private const string Serial = "FCH2001A0C3";
    private const string DeviceId = "0023EB-CP-8841-3PCC-FCH2001A0C3";

    [Fact]
    public async Task A_phone_follows_the_first_stage_to_its_encrypted_profile_and_through_a_rotation()
    {
        var directory = Directory.CreateTempSubdirectory("spc-e2e-").FullName;
        string PathOf(string name) => Path.Combine(directory, name);
        using (var ca = LabCertificateAuthority.Create("CN=SPC E2E Lab CA", days: 30))
        {
            PemCertificateFiles.Write(ca.Certificate, PathOf("ca.pem"), PathOf("ca.key"));
            using var server = ca.IssueServer(["127.0.0.1"], days: 30);
            PemCertificateFiles.Write(server, PathOf("server.pem"), PathOf("server.key"));
            using var certificate = ca.IssueDevice("CP-8841-3PCC", Serial, Mac, days: 30);
            PemCertificateFiles.Write(certificate, PathOf("phone.pem"), PathOf("phone.key"));
        }
        // The first stage over HTTPS with the phone's certificate; the second, encrypted, over the HTTP file server.
        await using var acs = await AcsInstance.StartAsync(configure: o =>
        {
            o.SecureProvisioning.Scheme = "http";
            o.FilesTlsPort = 0;
            o.TlsCertificate = PathOf("server.pem");
            o.TlsKey = PathOf("server.key");
            o.ClientCa = PathOf("ca.pem");
        });
        var files = acs.App.GetFilesUri();
        var https = acs.App.GetFilesTlsUri();
        using (var registered = await acs.Api.PostAsJsonAsync("api/devices", new { mac = Mac, serial = Serial, model = "CP-8841-3PCC" }))
        {
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }
        // The phone's TR-069 is off (factory profile below), so this value can only arrive through the secure profile, never as
        // the desired-state SetParameterValues of a first session.
        using (var config = await acs.Api.PutAsJsonAsync("api/config/global", new { parameters = new Dictionary<string, string> { ["GPP_C"] = "from the secure profile" } }))
        {
            Assert.True(config.IsSuccessStatusCode, await config.Content.ReadAsStringAsync());
        }
        var state = await EnableAsync(acs, rotate: false);

        try
        {
            // TR-069 off: this is a provisioning-only phone, so the desired state cannot reach it by SetParameterValues.
            var factory = Path.Combine(directory, "factory.xml");
            await File.WriteAllTextAsync(factory,
                $"<flat-profile><Enable_TR-069>No</Enable_TR-069><Resync_On_Reset>No</Resync_On_Reset><Profile_Rule>{https}cfg/spa$MA.cfg</Profile_Rule></flat-profile>");
            await using var fleet = new PhoneFleet(new PhoneOptions
            {
                AcsUrl = acs.CwmpUri,
                Mac = Mac,
                Serial = Serial,
                ConfigFile = factory,
                ClientCertificateFile = PathOf("phone.pem"),
                ClientKeyFile = PathOf("phone.key"),
                TrustedCaFile = PathOf("ca.pem"),
            });
            await fleet.StartAsync();
            var phone = fleet.Phones[0];

            // Stage one: the factory rule reaches the usual name and gets key, directory and the secure rule.
            var first = await phone.ResyncAsync();
            Assert.True(first.Succeeded, first.Error);
            Assert.Equal((string?)state["key"], phone.GetFlatValue("GPP_A"));
            Assert.Equal((string?)state["directory"], phone.GetFlatValue("GPP_B"));
            Assert.Equal($"[--key $A] http://{files.Host}:{files.Port}/cfg/$B/$MA.cfg", phone.GetFlatValue("Profile_Rule"));
            Assert.NotEqual("from the secure profile", phone.GetFlatValue("GPP_C"));

            // Stage two: the phone expands $A and $B, fetches under the directory and decrypts with the key.
            var second = await phone.ResyncAsync();
            Assert.True(second.Succeeded, second.Error);
            Assert.Equal($"{files}cfg/{state["directory"]}/{Mac.ToLowerInvariant()}.cfg", Assert.Single(second.Urls));
            Assert.Equal("from the secure profile", phone.GetFlatValue("GPP_C"));
            Assert.NotNull((await acs.GetJsonAsync($"api/devices/{DeviceId}/secure-provisioning"))["secondStageServed"]);

            // Rotation: the phone's path is gone; back at the first stage (factory reset, /admin/resync) it learns the new one.
            var rotated = await EnableAsync(acs, rotate: true);
            var stale = await phone.ResyncAsync();
            Assert.Contains($"/cfg/{state["directory"]}/", Assert.Single(stale.Urls), StringComparison.Ordinal);
            Assert.Empty(stale.Changed);
            // Over plain HTTP the first stage is refused, whatever the phone's User-Agent says (issue 16 §3) …
            var plain = await phone.ResyncAsync($"{files}cfg/spa$MA.cfg");
            Assert.False(plain.Succeeded);
            Assert.Equal((string?)state["key"], phone.GetFlatValue("GPP_A"));
            // … over HTTPS with its certificate it is served.
            var back = await phone.ResyncAsync($"{https}cfg/spa$MA.cfg");
            Assert.True(back.Succeeded, back.Error);
            Assert.Equal((string?)rotated["key"], phone.GetFlatValue("GPP_A"));
            var again = await phone.ResyncAsync();
            Assert.True(again.Succeeded, again.Error);
            Assert.Contains($"/cfg/{rotated["directory"]}/", Assert.Single(again.Urls), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<JsonObject> EnableAsync(AcsInstance acs, bool rotate)
    {
        using var response = await acs.Api.PostAsJsonAsync($"api/devices/{DeviceId}/secure-provisioning?includeKey=true", new { rotate });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!.AsObject();
    }
}
