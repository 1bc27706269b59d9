using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using TR069Acs.EndToEnd.Tests.Campaigns;

namespace TR069Acs.EndToEnd.Tests.Cluster;

/// <summary>
/// Three <c>acs serve</c> processes, <c>acs1</c> … <c>acs3</c>, on one database of the private PostgreSQL, behind the
/// real HAProxy run from <c>deploy/haproxy.cfg</c>, set up as NOTES-wip-cluster.md tells a carrier to: the same
/// <c>--db</c> and the same key ring (<c>Acs:KeysDirectory</c>) on every node, a data directory and an
/// <c>Acs:NodeId</c> of its own each, and <c>Acs:FilesPublicUrl</c> naming the balanced file server (the URL a Download
/// gives the phones). The three start together on the empty database: one applies the migrations and creates the
/// admin, the others find both.
/// </summary>
internal sealed class ThreeNodeCluster : IAsyncDisposable
{
    /// <summary>How often each node reads the other nodes' changes (<c>Acs:Cluster:PollInterval</c>, the stated bound
    /// of cache invalidation across nodes): short, so the test waits little.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary><c>Acs:Cluster:HeartbeatInterval</c>: <c>/api/health</c> lists the nodes seen within three of these (2 s:
    /// a node starved for a few seconds on a loaded machine still counts as live).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    private readonly string _root;

    private ThreeNodeCluster(string root, string database, AcsProcess[] nodes, Haproxy proxy)
    {
        _root = root;
        ConnectionString = database;
        Nodes = nodes;
        Proxy = proxy;
        Api = new HttpClient { BaseAddress = proxy.ApiUri, Timeout = TimeSpan.FromSeconds(60) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", nodes[0].Token);
    }

    /// <summary>The nodes' database (the test reads Quartz's tables from it).</summary>
    public string ConnectionString { get; }

    /// <summary>acs1, acs2, acs3 (index 0, 1, 2).</summary>
    public IReadOnlyList<AcsProcess> Nodes { get; }

    public Haproxy Proxy { get; }

    /// <summary>The API through HAProxy, logged in as admin (a token is valid on every node: it is in the database).</summary>
    public HttpClient Api { get; }

    public static string NodeId(int index) => $"acs{index + 1}";

    public static async Task<ThreeNodeCluster> StartAsync()
    {
        var database = await PrivatePostgres.CreateDatabaseAsync("cluster");
        var root = Directory.CreateTempSubdirectory("acs-three-nodes-").FullName;
        var keys = Path.Combine(root, "keys");
        var frontends = HaproxyPorts.Free();
        string[] Settings(int index) =>
        [
            "--db", "postgres:" + database,
            "--Acs:KeysDirectory", keys,
            "--Acs:NodeId", NodeId(index),
            "--Acs:Cluster:PollInterval", PollInterval.ToString(),
            "--Acs:Cluster:HeartbeatInterval", HeartbeatInterval.ToString(),
            "--Acs:FilesPublicUrl", frontends.FilesUri.ToString(),
            // The lease a dead node leaves on a device lasts this + 5 s: short, so its requests are queued again soon.
            "--Acs:SessionTimeoutSeconds", "15",
        ];
        var nodes = new List<AcsProcess>();
        try
        {
            // All three start at once on the empty database, as an orchestrator starts replicas: the migrations run once
            // (under the database's lock) and exactly one node creates the admin and writes its password into its own
            // data directory. Each node's test client logs in with that password, wherever it was written.
            var directories = Enumerable.Range(0, 3).Select(i => Path.Combine(root, NodeId(i))).ToArray();
            string? AdminPassword()
            {
                var written = directories.Select(d => Path.Combine(d, "initial-admin-password")).Where(File.Exists).ToList();
                // The node writes the password and a newline at once: without the newline it is still being written.
                return written.Count == 0 || File.ReadAllText(written[0]) is not { } text || !text.EndsWith('\n') ? null : text.Trim();
            }
            var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(async index =>
            {
                try
                {
                    return (Node: await AcsProcess.StartOnAsync(directories[index], AdminPassword, Settings(index)), Error: (Exception?)null);
                }
                catch (Exception ex)
                {
                    return (Node: (AcsProcess?)null, Error: ex);
                }
            }));
            nodes.AddRange(started.Where(o => o.Node is not null).Select(o => o.Node!));
            if (started.Select(o => o.Error).FirstOrDefault(e => e is not null) is { } error)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
            var passwords = directories.Count(d => File.Exists(Path.Combine(d, "initial-admin-password")));
            Assert.True(passwords == 1, $"{passwords} nodes wrote an initial admin password; exactly one should have created the admin");
            var proxy = await Haproxy.StartAsync([.. nodes.Select(n => new HaproxyNode(n.CwmpPort, n.ApiPort, n.FilesPort))], frontends);
            return new ThreeNodeCluster(root, database, [.. nodes], proxy);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary><c>GET /api/health</c> through HAProxy (no token): the status code and the body.</summary>
    public async Task<(int Status, JsonObject Body)> HealthAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = Proxy.ApiUri, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await anonymous.GetAsync("api/health");
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text) is JsonObject body ? body : new JsonObject { ["raw"] = text });
    }

    /// <summary>The ids of the nodes a health report lists, sorted.</summary>
    public static string[] Listed(JsonObject health)
        => [.. (health["nodes"] as JsonArray ?? []).Select(n => (string)n!["id"]!).Order(StringComparer.Ordinal)];

    /// <summary>The Quartz scheduler instance (a node's run, <c>acsN/pid/random</c>) that has acquired or is running the
    /// campaign's tick trigger right now, or null between firings.</summary>
    public async Task<string?> TickHolderAsync(string campaignId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.QueryFirstOrDefaultAsync<string>(
            "SELECT instance_name FROM qrtz_fired_triggers WHERE trigger_name = @Name AND trigger_group = 'campaigns'",
            new { Name = "campaign-" + campaignId });
    }

    /// <summary>The Quartz scheduler instances checked in to the cluster (QRTZ_SCHEDULER_STATE).</summary>
    public async Task<string[]> SchedulerInstancesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return [.. await connection.QueryAsync<string>("SELECT instance_name FROM qrtz_scheduler_state ORDER BY instance_name")];
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Proxy.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
