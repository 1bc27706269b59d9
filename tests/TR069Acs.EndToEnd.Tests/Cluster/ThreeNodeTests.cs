using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Campaigns;
using Xunit.Abstractions;

namespace TR069Acs.EndToEnd.Tests.Cluster;

/// <summary>
/// Issue 10 §5 with real processes: three <c>acs serve</c> nodes on one private PostgreSQL behind HAProxy
/// (<see cref="ThreeNodeCluster"/>), a fleet of agent phones whose ACS URL is HAProxy's CWMP frontend, and a firmware
/// campaign created through HAProxy's API frontend during which the node holding the campaign's tick is killed with
/// SIGKILL (and stays dead) and another is stopped cleanly and started again. Then a configuration change through one
/// node's API reaches the profile another node serves, within the stated bound.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class ThreeNodeTests(ITestOutputHelper output)
{
    private const int Phones = 9;
    private const int MaxConcurrent = 2;

    [PostgresFact]
    public async Task A_campaign_survives_a_sigkilled_node_and_a_restarted_one_and_configuration_reaches_another_node()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ThreeNodeCluster.StartAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: three nodes and HAProxy started");

        // Through HAProxy: every node answers in turn (round robin over the three API servers once their checks
        // pass), each on PostgreSQL, reachable, in shared mode; and the nodes list all three. (Not necessarily in the
        // same answer: a node is listed while its heartbeats are fresh, and a loaded machine may delay one now and then.)
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var allListed = false;
        var last = (Status: 0, Body: new System.Text.Json.Nodes.JsonObject());
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                last = await cluster.HealthAsync();
                if (last.Status != 200)
                {
                    return false;
                }
                Assert.Equal("postgres", (string?)last.Body["database"]!["provider"]);
                Assert.True((bool)last.Body["database"]!["reachable"]!);
                Assert.Equal("shared", (string?)last.Body["node"]!["cluster"]);
                answered.Add((string)last.Body["node"]!["id"]!);
                allListed |= ThreeNodeCluster.Listed(last.Body).SequenceEqual(["acs1", "acs2", "acs3"]);
                return answered.Count == 3 && allListed;
            }, "/api/health through HAProxy to be answered by all three nodes and to list all three", 90);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nanswered by: {string.Join(", ", answered)}; all three listed: {allListed}; "
                + $"last answer {last.Status}: {last.Body.ToJsonString()}\nHAProxy said:\n{cluster.Proxy.Log}");
        }

        var api = new CampaignClient(cluster.Api);
        // Uploaded to whichever node HAProxy picks; every node serves it from the database (no shared disk).
        var firmware = await api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        var options = FleetLedger.Options(cluster.Proxy.CwmpUri, "0023EB3C0000", Phones, periodicInformSeconds: 5);
        await using var fleet = new PhoneFleet(options);
        await fleet.StartAsync();
        foreach (var phone in fleet.Phones)
        {
            await phone.WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(90), afterSession: 0);
        }
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: {Phones} phones registered through HAProxy");

        var id = CampaignClient.Id(await api.CreateAsync(new
        {
            name = "across three nodes",
            firmwareId = firmware,
            selector = new { models = new[] { "CP-8841-3PCC" } },
            maxConcurrent = MaxConcurrent,
            stopRules = new { maxFailures = 1, confirmTimeoutSeconds = 120 },
            // A node that dies takes its file server and its CWMP sessions with it: a phone fetching the image or in a
            // session there at that moment fails that attempt (9015, or no answer), a real failure; retries follow.
            retry = new { maxAttempts = 3, delaySeconds = 1 },
        }));

        var underWay = await api.WaitForAsync(id, c => CampaignClient.Count(c, "succeeded") >= 1 && CampaignClient.Count(c, "inProgress") > 0,
            "the campaign to be under way with devices in flight", 120);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: under way: {underWay["counts"]!.ToJsonString()}");

        // The node whose scheduler holds the campaign's tick (Quartz acquires the next firing ahead of its time) dies
        // with SIGKILL and stays dead: another node can fire it only after Quartz's cluster recovery.
        string? holder = null;
        await Eventually.TrueAsync(async () => (holder = await cluster.TickHolderAsync(id)) is not null, "a node to hold the campaign's tick", 30);
        var victimIndex = Enumerable.Range(0, 3).Single(i => holder!.StartsWith(ThreeNodeCluster.NodeId(i) + "/", StringComparison.Ordinal));
        var victim = cluster.Nodes[victimIndex];
        var restarted = cluster.Nodes[victimIndex == 0 ? 1 : 0];
        var survivor = cluster.Nodes.Single(n => n != victim && n != restarted);
        var untouched = fleet.Phones.Where(p => FleetLedger.FirstDownload(p) is null).ToList();
        var killed = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: killed {holder}; the tick is now held by {await cluster.TickHolderAsync(id) ?? "nobody"}");
        // Another node restarts (clean stop, start) while the campaign still has devices to go: read from the third
        // node directly, the balancer may still be taking the dead node out of its pool.
        var beforeRestart = await new CampaignClient(survivor.Api).GetAsync(id);
        await restarted.StopAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: {restarted.ApiUri} stopped");
        await restarted.StartAgainAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: {holder} (tick holder) killed, {restarted.ApiUri} restarted; before the restart: {beforeRestart["counts"]!.ToJsonString()}");
        Assert.True(CampaignClient.Count(beforeRestart, "pending") > 0, $"the campaign had no device left to start before the restart: {beforeRestart.ToJsonString()}");
        Assert.NotEmpty(untouched);

        // Quartz's cluster recovery on a live node: the dead run's check-in row goes (CheckinInterval 5 s + grace
        // 10 s), its acquired or running firing with it, and the tick fires again elsewhere.
        await Eventually.TrueAsync(async () => !(await cluster.SchedulerInstancesAsync()).Contains(holder),
            $"a live node to recover the Quartz state of the killed node's run {holder}", 90);
        Assert.NotEqual(holder, await cluster.TickHolderAsync(id));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: Quartz recovered {holder}");
        // HAProxy's health checks (GET /api/health on the API port) took the dead node out of every pool.
        var victimId = ThreeNodeCluster.NodeId(victimIndex);
        await Eventually.TrueAsync(() => new[] { "acs_cwmp", "acs_api", "acs_files" }.All(b => cluster.Proxy.Log.Contains($"Server {b}/{victimId} is DOWN", StringComparison.Ordinal)),
            $"HAProxy to mark {victimId} down in every backend; HAProxy said:\n{cluster.Proxy.Log}", 30);

        var done = await api.WaitForEndAsync(id, 240);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: campaign ended: {done["counts"]!.ToJsonString()}");
        Assert.True(CampaignClient.Status(done) == "completed", $"campaign: {done.ToJsonString()}\nrestarted:\n{restarted.RecentOutput}\nsurvivor:\n{survivor.RecentOutput}");
        Assert.Equal(Phones, CampaignClient.Count(done, "total"));
        Assert.Equal(Phones, CampaignClient.Count(done, "succeeded"));
        Assert.Equal(0, CampaignClient.Count(done, "failed"));
        Assert.Equal(0, CampaignClient.Count(done, "skipped") + CampaignClient.Count(done, "pending") + CampaignClient.Count(done, "inProgress"));
        // The killed node never came back: the campaign's ticks ran on the other nodes. Every phone that had not been
        // sent a Download when it died was sent one after.
        Assert.False(victim.IsRunning);
        Assert.All(untouched, phone => Assert.True(FleetLedger.FirstDownload(phone) > killed,
            $"{phone.DeviceId} got no Download after the tick holder was killed"));

        var devices = (await api.DevicesAsync(id)).Select(d => d!.AsObject()).ToDictionary(d => (string)d["deviceId"]!);
        var lostToTheKill = 0;
        foreach (var phone in fleet.Phones)
        {
            Assert.Equal(CampaignClient.TargetVersion, phone.SoftwareVersion);
            Assert.Equal("succeeded", (string?)devices[phone.DeviceId]["state"]);
            // At most one Download per attempt, whichever node sent it: a second Download of one attempt (two nodes,
            // or a node and the recovery of a dead node's request) would show as a second TransferComplete with that
            // attempt's CommandKey. An attempt may have reached the phone not at all: the killed node had its Download
            // on the wire (the phone's session was on it); such an attempt is counted and the next one is sent.
            var attempts = (int)devices[phone.DeviceId]["attempts"]!;
            var reported = FleetLedger.AcknowledgedTransfers(phone);
            var lost = attempts - FleetLedger.DownloadsReceived(phone);
            Assert.True(lost is 0 or 1,
                $"{phone.DeviceId}: {attempts} attempt(s) but {FleetLedger.DownloadsReceived(phone)} Download(s) received; acknowledged: {string.Join(", ", reported)}");
            lostToTheKill += lost;
            Assert.Equal(reported.Count, reported.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(FleetLedger.DownloadsReceived(phone), reported.Count);
            Assert.All(reported, key => Assert.StartsWith($"campaign:{id}:", key, StringComparison.Ordinal));
            Assert.Empty(phone.PendingTransferCompletes);
        }
        // Only Downloads in flight when a node went (the kill, the restart) can be lost: no more than the campaign lets
        // run at once, each time.
        Assert.InRange(lostToTheKill, 0, 2 * MaxConcurrent);
        output.WriteLine($"attempts per device: {string.Join(", ", devices.Values.Select(d => (int)d["attempts"]!).Order())}; attempts lost to the kill: {lostToTheKill}");
        // maxConcurrent holds across nodes, seen from the phones.
        Assert.InRange(FleetLedger.MaxOverlap(FleetLedger.InFlight(fleet.Phones)), 1, MaxConcurrent);
        var stored = (await cluster.Api.GetFromJsonAsync<JsonArray>("api/devices?limit=1000"))!;
        Assert.Equal(Phones, stored.Count);
        Assert.All(stored, d => Assert.Equal(CampaignClient.TargetVersion, (string?)d!["softwareVersion"]));

        // /api/health through HAProxy: the killed node (never marked stopped) ages out after three missed heartbeats;
        // the restarted one is listed again.
        string[] live = [.. Enumerable.Range(0, 3).Where(i => i != victimIndex).Select(ThreeNodeCluster.NodeId)];
        await Eventually.TrueAsync(async () =>
        {
            var (status, health) = await cluster.HealthAsync();
            return status == 200 && ThreeNodeCluster.Listed(health).SequenceEqual(live);
        }, $"/api/health through HAProxy to list {string.Join(", ", live)} and no longer {victimId}", 30);

        await ConfigurationReachesAnotherNodeAsync(survivor, restarted, fleet.Phones[0]);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: done");
        foreach (var node in cluster.Nodes)
        {
            output.WriteLine($"--- {node.ApiUri} (warnings and errors):\n{node.RecentOutput}");
        }
    }

    /// <summary>A value PUT through <paramref name="writer"/>'s own API reaches the profile <paramref name="reader"/>'s
    /// own file server serves, after <paramref name="reader"/> has served (and cached) the old value.</summary>
    private async Task ConfigurationReachesAnotherNodeAsync(AcsProcess writer, AcsProcess reader, Phone phone)
    {
        using var files = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{reader.FilesPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        var profile = $"cfg/{phone.Mac}.cfg";
        async Task PutAsync(string value)
        {
            using var put = await writer.Api.PutAsJsonAsync($"api/config/devices/{Uri.EscapeDataString(phone.DeviceId)}",
                new { parameters = new Dictionary<string, string> { ["GPP_A"] = value } });
            Assert.True(put.IsSuccessStatusCode, $"PUT config on {writer.ApiUri} → {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        }

        await PutAsync("before");
        // Bound: the nodes read each other's changes every PollInterval; allowed a generous multiple of it (the test
        // machine runs under CPU hogs), still far below anything a user would call stale.
        var bound = (int)Math.Ceiling(ThreeNodeCluster.PollInterval.TotalSeconds * 40);
        await Eventually.TrueAsync(async () => (await files.GetStringAsync(profile)).Contains(">before<", StringComparison.Ordinal),
            $"{reader.FilesPort} to serve the first value", bound);
        // The reader has just built the profile with the old value (its caches hold it): now the change.
        Assert.Contains(">before<", await files.GetStringAsync(profile), StringComparison.Ordinal);
        var changed = Stopwatch.StartNew();
        await PutAsync("after");
        await Eventually.TrueAsync(async () => (await files.GetStringAsync(profile)).Contains(">after<", StringComparison.Ordinal),
            $"the profile served by another node to show the value written through {writer.ApiUri} within {bound}s", bound);
        output.WriteLine($"configuration change seen on the other node's profile after {changed.Elapsed.TotalMilliseconds:F0} ms (poll interval {ThreeNodeCluster.PollInterval.TotalMilliseconds} ms)");
        Assert.DoesNotContain(">before<", await files.GetStringAsync(profile), StringComparison.Ordinal);
    }
}
