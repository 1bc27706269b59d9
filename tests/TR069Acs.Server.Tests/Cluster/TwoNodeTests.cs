using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tests.Configuration;
using TR069Acs.Server.Tests.Firmware;
using TR069Acs.Server.Tests.Operators;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Cluster;

/// <summary>Issue 10 §3 on SQLite: two nodes on one database file behave as one ACS.</summary>
public sealed class TwoNodeTests
{
    [Fact]
    public async Task A_configuration_change_through_one_node_reaches_a_profile_fetch_on_the_other()
    {
        await using var nodes = await TwoNodes.StartAsync();
        await ConfigApi.PreRegisterAsync(nodes.A);
        await ConfigApi.WriteAsync(nodes.A, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":"before-change"}""");
        // Node B builds and caches the device's effective configuration.
        Assert.Contains(">before-change<", await ProfileAsync(nodes.B), StringComparison.Ordinal);

        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = nodes.B.App.Services.GetRequiredService<IClusterSignals>().Subscribe(ClusterChangeKinds.ConfigScope, key => heard.TrySetResult(key));
        await ConfigApi.WriteAsync(nodes.A, HttpMethod.Patch, $"devices/{ConfigApi.DeviceId}", """{"GPP_A":"after-change"}""");

        // B hears of A's write from the changes table (not from its cache entries expiring) and drops what it cached.
        Assert.Equal($"device:{ConfigApi.DeviceId}", await Bounded.WithinAsync(heard.Task, "node B to hear of node A's configuration change"));
        var profile = await ProfileAsync(nodes.B);
        Assert.Contains(">after-change<", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("before-change", profile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_revoked_on_one_node_stops_working_on_the_other()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var (status, created) = await OperatorApi.SendAsync(nodes.A.Api, HttpMethod.Post, "api/tokens", """{"name":"oss","role":"viewer"}""");
        Assert.Equal(201, status);
        using var onB = nodes.B.WithToken((string)created!["token"]!);
        Assert.Equal(200, (await OperatorApi.SendAsync(onB, HttpMethod.Get, "api/devices")).Status);

        Assert.Equal(204, (await OperatorApi.SendAsync(nodes.A.Api, HttpMethod.Delete, $"api/tokens/{(string)created["id"]!}")).Status);

        var (refused, problem) = await OperatorApi.SendAsync(onB, HttpMethod.Get, "api/devices");
        Assert.Equal(401, refused);
        Assert.Contains("revoked", (string?)problem!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_uploaded_to_one_node_is_served_by_the_other_from_the_database_and_deleted_from_both()
    {
        await using var nodes = await TwoNodes.StartAsync();
        // Over 1 MiB: stored in several chunks.
        var image = await FirmwareImages.UploadAsync(nodes.A, "12.0.7", payloadBytes: 2_500_000);
        var copyOnB = Path.Combine(nodes.B.DataDirectory, "firmware", image.Sha256);
        Assert.False(File.Exists(copyOnB), "node B has no copy before it is asked for the image");

        Assert.Equal(image.Bytes, await nodes.B.Files.GetByteArrayAsync($"firmware/{image.Sha256}"));
        Assert.Equal(image.Bytes, await nodes.B.Files.GetByteArrayAsync($"firmware/{image.FileName}"));
        Assert.Equal(image.Bytes, await File.ReadAllBytesAsync(copyOnB));

        Assert.Equal(204, (await nodes.A.SendJsonAsync(HttpMethod.Delete, $"api/firmware/{image.Sha256}")).Status);
        await Eventually.TrueAsync(() => !File.Exists(copyOnB), "node B to delete its copy of the image deleted through node A");
        using var gone = await nodes.B.Files.GetAsync($"firmware/{image.Sha256}");
        Assert.Equal(404, (int)gone.StatusCode);
    }

    [Fact]
    public async Task A_local_copy_that_does_not_match_its_SHA256_is_replaced_from_the_database_before_it_is_served()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var image = await FirmwareImages.UploadAsync(nodes.A, "12.0.8");
        var copyOnB = Path.Combine(nodes.B.DataDirectory, "firmware", image.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(copyOnB)!);
        var tampered = (byte[])image.Bytes.Clone();
        tampered[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(copyOnB, tampered);

        Assert.Equal(image.Bytes, await nodes.B.Files.GetByteArrayAsync($"firmware/{image.Sha256}"));
        Assert.Equal(image.Bytes, await File.ReadAllBytesAsync(copyOnB));
    }

    [Fact]
    public async Task Two_simultaneous_sessions_of_one_device_on_two_nodes_the_second_gets_503_with_retry_after()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var secrets = new ScriptedCpe.CpeSecrets();
        using var viaA = new ScriptedCpe(nodes.A.CwmpUri, "00D09E", "TestPhone", "DUO", Soap.Cwmp12, useCookies: true, secrets);
        using var viaB = new ScriptedCpe(nodes.B.CwmpUri, "00D09E", "TestPhone", "DUO", Soap.Cwmp12, useCookies: true, secrets);
        // The device is admitted and bound to its own credentials through node A; node B knows them from the database.
        Assert.Equal(200, (await viaA.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await viaA.EmptyAsync()).Status);
        Assert.Equal(1, viaA.BindingsAnswered);

        Assert.Equal(200, (await viaA.InformAsync("2 PERIODIC")).Status);
        var refused = await viaB.InformAsync("2 PERIODIC");

        Assert.Equal(503, refused.Status);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 carries Retry-After");
        Assert.Contains("another ACS node", refused.Body, StringComparison.Ordinal);
        // Once A's session ends (and releases the lease), the device gets its session on B.
        Assert.Equal(204, (await viaA.EmptyAsync()).Status);
        Assert.Equal(200, (await viaB.InformAsync("2 PERIODIC")).Status);
        Assert.Equal(204, (await viaB.EmptyAsync()).Status);
    }

    [Fact]
    public async Task A_task_queued_through_one_node_runs_in_the_session_the_device_holds_on_the_other()
    {
        await using var nodes = await TwoNodes.StartAsync();
        using var cpe = new ScriptedCpe(nodes.B.CwmpUri, "00D09E", "TestPhone", "TASKS", Soap.Cwmp12, useCookies: true);
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        // Queued on A (no Connection Request: the phone is reached at its next session), which B has no index entry for.
        var queued = await nodes.A.QueueAsync(cpe.DeviceId, new { type = "getParameterValues", parameterNames = new[] { "Device.DeviceInfo.UpTime" } });
        Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Contains("GetParameterValues", request.Body, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(request, Soap.GetParameterValuesResponse(("Device.DeviceInfo.UpTime", "4242")))).Status);

        var done = (await nodes.A.GetJsonAsync($"api/tasks/{(long)queued["id"]!}")).AsObject();
        Assert.Equal("done", (string?)done["status"]);
        Assert.Equal("4242", (string?)done["result"]!["parameterValues"]![0]!["value"]);
    }

    [Fact]
    public async Task A_phones_syslog_reaching_either_node_lands_on_the_one_device_record()
    {
        await using var nodes = await TwoNodes.StartAsync();
        await ConfigApi.PreRegisterAsync(nodes.A);
        // The phone fetched its profile from B (its known address now), and sends its syslog to B.
        await ProfileAsync(nodes.B);
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var datagram = System.Text.Encoding.UTF8.GetBytes($"<134>Mar  9 08:15:02 phone CP-8841-3PCC {ConfigApi.Mac} -- Successful resync http://acs.example/cfg/spa{ConfigApi.Mac}.cfg");
        await socket.SendToAsync(datagram, nodes.B.App.GetSyslogEndPoint()!);

        // Read through A: the message and the provisioning status it gives are on the device A pre-registered.
        await Eventually.TrueAsync(async () => (await nodes.A.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/logs")).AsArray()
            .Any(e => ((string?)e!["message"])?.Contains("Successful resync", StringComparison.Ordinal) == true), "node A to list the syslog message node B received");
        var device = (await nodes.A.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}")).AsObject();
        Assert.NotNull(device["provisioning"]);
        Assert.Contains("resync", device["provisioning"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_names_this_node_its_database_and_the_nodes_that_checked_in()
    {
        await using var nodes = await TwoNodes.StartAsync();
        using var anonymous = nodes.B.Anonymous();
        JsonNode health = null!;
        await Eventually.TrueAsync(async () =>
        {
            health = JsonNode.Parse(await anonymous.GetStringAsync("api/health"))!;
            return health["nodes"]!.AsArray().Count == 2;
        }, "both nodes to be listed by /api/health");

        Assert.Equal("ok", (string?)health["status"]);
        Assert.Equal("node-b", (string?)health["node"]!["id"]);
        Assert.Equal("shared", (string?)health["node"]!["cluster"]);
        Assert.Equal("sqlite", (string?)health["database"]!["provider"]);
        Assert.True((bool)health["database"]!["reachable"]!);
        var listed = health["nodes"]!.AsArray();
        Assert.Equal(["node-a", "node-b"], listed.Select(n => (string)n!["id"]!));
        Assert.Equal(nodes.A.CwmpUri.Port, new Uri((string)listed[0]!["cwmpUrl"]!).Port);
        Assert.Equal(nodes.B.ApiUri.Port, new Uri((string)listed[1]!["apiUrl"]!).Port);
    }

    private static async Task<string> ProfileAsync(TestAcs node)
    {
        using var response = await node.Files.GetAsync($"cfg/{ConfigApi.Mac}.cfg");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"profile fetch → {(int)response.StatusCode}: {body}");
        return body;
    }
}
