using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Cluster;

/// <summary>Two nodes on one SQLite file behind the real HAProxy with deploy/haproxy.cfg (issue 10 §3).</summary>
public sealed class HaproxyTests
{
    [Fact]
    public async Task Cwmp_sessions_stay_on_their_node_through_haproxy_and_api_and_files_reach_either_node()
    {
        await using var nodes = await TwoNodes.StartAsync();
        await using var proxy = await Haproxy.StartAsync([TwoNodes.Backend(nodes.A), TwoNodes.Backend(nodes.B)]);
        using var api = new HttpClient { BaseAddress = proxy.ApiUri, Timeout = TimeSpan.FromSeconds(60) };
        // HAProxy's first health checks pass within a few seconds (inter 2s, rise 2).
        await Eventually.TrueAsync(async () => (await api.GetAsync("api/health")).IsSuccessStatusCode, "HAProxy to pass /api/health through", seconds: 30);
        api.DefaultRequestHeaders.Authorization = nodes.A.Api.DefaultRequestHeaders.Authorization;

        // Each device's bootstrap session is Inform, empty POST, the ACS's SetParameterValues (its own credentials), the
        // answer, 204: four requests that only the node holding the session can answer. Round robin spreads the
        // sessions; the cookie keeps each on its node.
        // HAProxy brings each server up after two good checks, the two at slightly different times: sessions continue
        // until both nodes have served some (bounded), every one of them complete.
        var servedBy = new HashSet<string>(StringComparer.Ordinal);
        using var cwmpOther = new HttpClient { BaseAddress = proxy.CwmpUri, Timeout = TimeSpan.FromSeconds(60) };
        var sessions = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (servedBy.Count < 2 || sessions < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, $"after {sessions} sessions through HAProxy only {string.Join(", ", servedBy)} served any; HAProxy said:\n{proxy.Log}");
            // Under round robin a device's Digest challenge (401) and its authenticated Inform go to alternate nodes (the
            // nonce is signed with the key the nodes share), so without other traffic every session would land on the
            // same node: another client's request in between shifts the rotation, as other phones do.
            if (sessions % 2 == 1)
            {
                using var other = await cwmpOther.GetAsync("/");
            }
            using var cpe = new ScriptedCpe(proxy.CwmpUri, "00D09E", "TestPhone", $"LB{sessions++}", Soap.Cwmp12, useCookies: true);
            var inform = await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT");
            Assert.Equal(200, inform.Status);
            var cookie = inform.Headers.GetValues("Set-Cookie").Single();
            Assert.Matches("^session=acs[12]~", cookie);
            servedBy.Add(cookie[..12]);
            Assert.Equal(204, (await cpe.EmptyAsync()).Status);
            Assert.Equal(1, cpe.BindingsAnswered);
            // A periodic session with the device's own credentials: Digest through the balancer, whichever node answers.
            Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
            Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        }

        var devices = await api.GetFromJsonAsync<JsonArray>("api/devices");
        Assert.Equal(sessions, devices!.Count(d => ((string)d!["id"]!).StartsWith("00D09E-TestPhone-LB", StringComparison.Ordinal)));

        // A configuration change through the balanced API reaches the profile whichever node serves it.
        using (var preRegister = await api.PostAsJsonAsync("api/devices", new { mac = ConfigApi.Mac, serial = ConfigApi.Serial, model = ConfigApi.Model }))
        {
            Assert.Equal(201, (int)preRegister.StatusCode);
        }
        using (var write = await api.PutAsync($"api/config/devices/{ConfigApi.DeviceId}",
            new StringContent("""{"parameters":{"GPP_A":"through-haproxy"}}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(write.IsSuccessStatusCode, $"PUT config through HAProxy → {(int)write.StatusCode}: {await write.Content.ReadAsStringAsync()}");
        }
        using var files = new HttpClient { BaseAddress = proxy.FilesUri, Timeout = TimeSpan.FromSeconds(60) };
        await Eventually.TrueAsync(async () =>
        {
            var first = await files.GetStringAsync($"cfg/{ConfigApi.Mac}.cfg");
            var second = await files.GetStringAsync($"cfg/{ConfigApi.Mac}.cfg");
            return first.Contains(">through-haproxy<", StringComparison.Ordinal) && second.Contains(">through-haproxy<", StringComparison.Ordinal);
        }, "both nodes to serve the profile with the value written through the balanced API");
    }
}
