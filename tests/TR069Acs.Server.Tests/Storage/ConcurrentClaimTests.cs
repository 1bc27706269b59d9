using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>Claims under concurrent writers on SQLite.</summary>
public sealed class SqliteConcurrentClaimTests : ConcurrentClaimTests<SqliteProvider>;

/// <summary>Claims under concurrent writers on PostgreSQL, where nothing serialises the writers but the statements.</summary>
public sealed class PostgresConcurrentClaimTests : ConcurrentClaimTests<PostgresProvider>;

/// <summary>The same tests on SQL Server (skipped unless ACS_TEST_SQLSERVER is set).</summary>
public sealed class SqlServerConcurrentClaimTests : ConcurrentClaimTests<SqlServerProvider>;

/// <summary>What several nodes sharing a database do at once: take tasks, take device leases. Each claim must hold
/// for exactly one of them, on every provider (issue 10 §1: no single-writer assumption).</summary>
public abstract class ConcurrentClaimTests<TProvider> : StoreTests<TProvider> where TProvider : StoreProvider, new()
{
    private const long T0 = 1_800_000_000_000;

    [StoreFact]
    public async Task Two_concurrent_claimers_never_take_one_task_twice()
    {
        const int Count = 40;
        var ids = new List<long>();
        for (var i = 0; i < Count; i++)
        {
            ids.Add(await Db.Tasks.InsertAsync(new TaskStore.NewTask("DEV", "reboot", "{}", T0, T0 + 3_600_000, null)));
        }
        // A second store over the same database, as a second node holds one; each claim opens its own connection.
        var secondNode = new TaskStore(Db.Database, Db.Parameters, Db.Protector);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<List<long>> ClaimAllAsync(TaskStore store)
        {
            await start.Task;
            var mine = new List<long>();
            // Bounded: a claimer that finds the rest locked by the other (held) asks again until nothing is queued.
            for (var round = 0; round < Count * 50; round++)
            {
                var taken = await store.TakeNextAsync("DEV", T0);
                if (taken.Task is { } task)
                {
                    mine.Add(task.Id);
                }
                else if (!taken.Held)
                {
                    break;
                }
            }
            return mine;
        }

        var first = Task.Run(() => ClaimAllAsync(Db.Tasks));
        var second = Task.Run(() => ClaimAllAsync(secondNode));
        start.SetResult();
        var claims = await Task.WhenAll(first, second);

        var all = claims[0].Concat(claims[1]).ToList();
        Assert.True(all.Count == all.Distinct().Count(),
            $"{all.Count - all.Distinct().Count()} task(s) were claimed twice: {string.Join(",", all.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))}");
        Assert.Equal(ids, all.Order());
        foreach (var id in ids)
        {
            var row = (await Db.Tasks.GetAsync(id))!;
            Assert.Equal(TaskStates.Sent, row.Status);
            Assert.Equal(1, row.Attempts);
        }
    }

    [StoreFact]
    public async Task Two_requeuers_of_one_broken_task_fault_it_once()
    {
        var id = await Db.Tasks.InsertAsync(new TaskStore.NewTask("DEV", "reboot", "{}", T0, T0 + 3_600_000, null));
        await Db.Tasks.TakeNextAsync("DEV", T0);
        var secondNode = new TaskStore(Db.Database, Db.Parameters, Db.Protector);

        var outcomes = await Task.WhenAll(
            Task.Run(() => Db.Tasks.RequeueAsync(id, "node a reaped the session", maxAttempts: 1, T0)),
            Task.Run(() => secondNode.RequeueAsync(id, "node b recovered at start", maxAttempts: 1, T0)));

        Assert.Equal([null, TaskStates.Fault], outcomes.Order());
        Assert.Single(await Db.Tasks.ListFaultsAsync("DEV", 10));
    }

    [StoreFact]
    public async Task Two_nodes_racing_for_a_device_lease_get_it_once_per_device()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < 20; i++)
        {
            var device = $"DEV-{i}";
            var results = await Task.WhenAll(
                Task.Run(() => Db.Leases.TryTakeAsync(device, "node-a", 60_000, now)),
                Task.Run(() => Db.Leases.TryTakeAsync(device, "node-b", 60_000, now)));
            Assert.True(results.Count(r => r) == 1, $"{device}: {results.Count(r => r)} nodes took the lease");
        }
    }

    [StoreFact]
    public async Task A_lease_is_renewed_by_its_holder_refused_to_others_and_free_once_released_or_expired()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.True(await Db.Leases.TryTakeAsync("DEV", "node-a", 60_000, now));
        Assert.True(await Db.Leases.TryTakeAsync("DEV", "node-a", 60_000, now), "the holder renews its lease");
        Assert.False(await Db.Leases.TryTakeAsync("DEV", "node-b", 60_000, now), "another node took a held lease");

        await Db.Leases.ReleaseAsync("DEV", "node-a");
        Assert.True(await Db.Leases.TryTakeAsync("DEV", "node-b", 60_000, now), "a released lease is free");

        // A lease taken for a negative duration has expired already, by whichever clock decides (node or database).
        Assert.True(await Db.Leases.TryTakeAsync("GONE", "node-a", -1_000, now));
        Assert.True(await Db.Leases.TryTakeAsync("GONE", "node-b", 60_000, now), "an expired lease is free");
    }
}

/// <summary>On a database several nodes share, the database's clock decides when a lease expires (issue 10 §1).</summary>
public sealed class PostgresLeaseClockTests : StoreTests<PostgresProvider>
{
    [StoreFact]
    public async Task A_node_whose_clock_runs_a_day_ahead_cannot_take_a_lease_another_node_holds()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(await Db.Leases.TryTakeAsync("DEV", "node-a", 60_000, now));

        var dayAhead = now + 86_400_000;
        Assert.False(await Db.Leases.TryTakeAsync("DEV", "node-b", 60_000, dayAhead), "a node's fast clock expired another node's lease");

        // And a node whose clock runs a day behind does not hold a lease a day longer than it asked for.
        Assert.True(await Db.Leases.TryTakeAsync("LATE", "node-a", -1_000, now - 86_400_000));
        Assert.True(await Db.Leases.TryTakeAsync("LATE", "node-b", 60_000, now), "a slow node's lease outlived its duration");
    }

    [StoreFact]
    public async Task Task_expiry_is_written_and_compared_by_the_database_clock()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var dayAhead = now + 86_400_000;
        // A node a day behind queues a task for ten minutes; a node a day ahead sweeps and claims.
        var id = await Db.Tasks.InsertAsync(new TaskStore.NewTask("DEV", "reboot", "{}", now - 86_400_000, now - 86_400_000 + 600_000, null));

        Assert.Empty(await Db.Tasks.ExpireDueAsync(dayAhead));
        var taken = await Db.Tasks.TakeNextAsync("DEV", dayAhead);
        Assert.Empty(taken.Expired);
        Assert.Equal(id, taken.Task!.Id);
        var row = (await Db.Tasks.GetAsync(id))!;
        Assert.InRange(row.Expires - row.Created, 600_000, 600_000);
        Assert.InRange(row.Created, now - 600_000, now + 600_000); // the database's clock, not the writer's (a day behind)
    }
}
