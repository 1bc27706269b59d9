using Microsoft.Data.Sqlite;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Cluster;

/// <summary>Two real ACS nodes in this process sharing one SQLite file (WAL mode) and one key ring, each with its own
/// data directory (so they share no firmware directory), in <see cref="ClusterMode.Shared"/>.</summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    /// <summary>How often the test nodes read each other's changes: short, so the tests wait little.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private TwoNodes(string root, TestAcs a, TestAcs b)
    {
        Root = root;
        A = a;
        B = b;
    }

    public string Root { get; }

    public TestAcs A { get; }

    public TestAcs B { get; }

    public static async Task<TwoNodes> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("acs-cluster-tests-").FullName;
        var database = Path.Combine(root, "shared.db");
        var keys = Path.Combine(root, "keys");
        void Shared(AcsOptions o, string id)
        {
            o.Database = $"sqlite:Data Source={database}";
            o.KeysDirectory = keys;
            o.NodeId = id;
            o.Cluster.Mode = ClusterMode.Shared;
            o.Cluster.PollInterval = PollInterval;
            o.Cluster.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        }
        var a = await TestAcs.StartAsync(o => Shared(o, "node-a"), Path.Combine(root, "a"));
        // The first node created the admin; the second finds users and creates none: its test client logs in with A's password.
        var bDirectory = Directory.CreateDirectory(Path.Combine(root, "b")).FullName;
        File.Copy(Path.Combine(a.DataDirectory, "initial-admin-password"), Path.Combine(bDirectory, "initial-admin-password"));
        try
        {
            var b = await TestAcs.StartAsync(o => Shared(o, "node-b"), bDirectory);
            return new TwoNodes(root, a, b);
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node's listeners as HAProxy's server lines name them.</summary>
    public static HaproxyNode Backend(TestAcs node) => new(node.CwmpUri.Port, node.ApiUri.Port, node.Files.BaseAddress!.Port);

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
