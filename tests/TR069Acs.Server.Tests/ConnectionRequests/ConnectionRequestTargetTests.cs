using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.ConnectionRequests;

/// <summary>Issue 16 §4: a ConnectionRequestURL is used only when its host is the address the device informs from (or
/// inside Acs:ConnectionRequests:AllowedRanges); loopback (unless allowed), link-local, non-unicast addresses and the
/// ACS's own listeners are refused, never contacted, and the task says why.</summary>
public sealed class ConnectionRequestTargetTests : IAsyncLifetime
{
    private ConnectionRequestListener _listener = null!;

    public async Task InitializeAsync() => _listener = await ConnectionRequestListener.StartAsync("CRSERIAL", "unused");

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private static async Task<JsonObject> WakeAsync(TestAcs acs, string serial, string url)
    {
        using var cpe = acs.Cpe(serial);
        cpe.InformParameters.Add(("Device.ManagementServer.ConnectionRequestURL", url));
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        await cpe.EmptyAsync();
        using var response = await acs.Api.PostAsJsonAsync($"api/devices/{cpe.DeviceId}/tasks?connectionRequest=true", new { type = "reboot" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var task = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("queued", (string?)task["status"]);
        return task["connectionRequest"]!.AsObject();
    }

    private static void AssertRefused(JsonObject outcome, string why)
    {
        Assert.False((bool?)outcome["ok"], outcome.ToJsonString());
        Assert.Null((int?)outcome["statusCode"]);
        Assert.Contains(why, (string?)outcome["refused"], StringComparison.Ordinal);
        Assert.StartsWith("not sent: the device's ConnectionRequestURL", (string?)outcome["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_link_local_and_unspecified_hosts_are_refused_by_default_and_never_contacted()
    {
        await using var acs = await TestAcs.StartAsync(o => o.ConnectionRequests.AllowLoopback = false);

        AssertRefused(await WakeAsync(acs, "LOOP", _listener.Url.ToString()), "is a loopback address (Acs:ConnectionRequests:AllowLoopback is off)");
        AssertRefused(await WakeAsync(acs, "LOOPNAME", $"http://localhost:{_listener.Url.Port}/cr"), "is a loopback address");
        AssertRefused(await WakeAsync(acs, "MAPPED", $"http://[::ffff:127.0.0.1]:{_listener.Url.Port}/cr"), "127.0.0.1 is a loopback address");
        AssertRefused(await WakeAsync(acs, "METADATA", "http://169.254.169.254/latest/meta-data/"), "169.254.169.254 is a link-local address");
        AssertRefused(await WakeAsync(acs, "LINKV6", "http://[fe80::1]:7547/"), "is a link-local address");
        AssertRefused(await WakeAsync(acs, "ZERO", $"http://0.0.0.0:{_listener.Url.Port}/cr"), "0.0.0.0 is not a unicast address");
        AssertRefused(await WakeAsync(acs, "MCAST", "http://239.1.2.3/"), "is not a unicast address");
        Assert.Empty(_listener.Requests);
    }

    [Fact]
    public async Task The_acs_own_listeners_are_refused_even_where_loopback_is_allowed()
    {
        await using var acs = await TestAcs.StartAsync();   // the fixtures allow loopback

        var api = await WakeAsync(acs, "OWNAPI", new Uri(acs.ApiUri, "api/health").ToString());
        var cwmp = await WakeAsync(acs, "OWNCWMP", acs.CwmpUri.ToString());

        AssertRefused(api, $"port {acs.ApiUri.Port} is one of this ACS's listeners");
        AssertRefused(cwmp, $"port {acs.CwmpUri.Port} is one of this ACS's listeners");
    }

    [Fact]
    public async Task A_host_other_than_the_one_the_device_informs_from_is_refused_unless_in_an_allowed_range()
    {
        // A port on 127.0.0.2, while the device informs from 127.0.0.1.
        using var other = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        other.Start();
        var url = $"http://127.0.0.2:{((IPEndPoint)other.LocalEndpoint).Port}/cr";

        await using (var acs = await TestAcs.StartAsync())
        {
            AssertRefused(await WakeAsync(acs, "ELSEWHERE", url),
                "127.0.0.2 is neither the address the device connects from (127.0.0.1) nor inside Acs:ConnectionRequests:AllowedRanges");
            Assert.False(other.Pending(), "the refused target was contacted");
        }

        // The operator names the range: the same URL is now used (the bare TCP listener answers nothing: "no answer").
        await using (var acs = await TestAcs.StartAsync(o => o.ConnectionRequests.AllowedRanges = ["127.0.0.2/32"]))
        {
            var accepting = other.AcceptSocketAsync();
            var outcome = await WakeAsync(acs, "INRANGE", url);
            Assert.Null((string?)outcome["refused"]);
            using var contacted = await Bounded.WithinAsync(accepting, "the Connection Request to the allowed range");
            Assert.Equal(TR069Acs.Server.ConnectionRequests.ConnectionRequestService.NoAnswer, (string?)outcome["error"]);
        }
    }

    [Fact]
    public async Task An_allowed_range_that_is_not_cidr_stops_the_start_naming_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestAcs.StartAsync(o => o.ConnectionRequests.AllowedRanges = ["10.0.0.0/33"]));
        Assert.Contains("Acs:ConnectionRequests:AllowedRanges: '10.0.0.0/33'", error.Message, StringComparison.Ordinal);
    }
}
