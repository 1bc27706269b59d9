using Dapper;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Tests.Storage;

namespace TR069Acs.Server.Tests.Cluster;

/// <summary>On a database several nodes share, the database's clock decides which nodes <c>/api/health</c> lists, as it
/// decides when a lease expires (issue 10 §1: leases and expiries use the database's clock, not each node's).</summary>
public sealed class PostgresClusterNodeClockTests : StoreTests<PostgresProvider>
{
    private const long Hour = 3_600_000;
    private const long Window = 3_000;

    [StoreFact]
    public async Task A_node_whose_clock_is_an_hour_off_is_listed_while_it_beats_and_drops_out_after_whatever_the_readers_clock()
    {
        var store = new ClusterNodeStore(Db.Database);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        // A node whose clock runs an hour behind checks in.
        await store.BeatAsync(Row("slow", now - Hour), CancellationToken.None);

        // Peers whose clocks run an hour ahead, right, or an hour behind all list it: it beat a moment ago.
        Assert.Equal(["slow"], await ListedAsync(now + Hour));
        Assert.Equal(["slow"], await ListedAsync(now));
        Assert.Equal(["slow"], await ListedAsync(now - Hour));
        Assert.NotNull(await store.GetRecentAsync("slow", now + Hour, Window, CancellationToken.None));

        // It stops beating (its last beat 10 s ago by the database's clock): no reader lists it any more, not even one
        // whose clock runs an hour behind.
        await using (var connection = await Db.Database.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE cluster_nodes SET last_seen = last_seen - 10000 WHERE id = 'slow'");
        }
        Assert.Empty(await ListedAsync(now - Hour));
        Assert.Empty(await ListedAsync(now));
        Assert.Null(await store.GetRecentAsync("slow", now - Hour, Window, CancellationToken.None));
    }

    private async Task<string[]> ListedAsync(long readerNow)
    {
        await using var connection = await Db.Database.OpenAsync(CancellationToken.None);
        return [.. (await ClusterNodeStore.RecentAsync(connection, Db.Database.Dialect, readerNow, Window, CancellationToken.None)).Select(n => n.Id)];
    }

    private static ClusterNodeRow Row(string id, long nodeNow) => new()
    {
        Id = id,
        Instance = $"{id}/1/00000000",
        Version = "test",
        CwmpUrl = "http://127.0.0.1:7547/",
        ApiUrl = "http://127.0.0.1:7557/api",
        Started = nodeNow,
        LastSeen = nodeNow,
    };
}
