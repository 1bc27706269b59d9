using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>The task queue on SQLite.</summary>
public sealed class SqliteTaskStoreTests : TaskStoreTests<SqliteProvider>;

/// <summary>The task queue on PostgreSQL.</summary>
public sealed class PostgresTaskStoreTests : TaskStoreTests<PostgresProvider>;

/// <summary>The same tests on SQL Server (skipped unless ACS_TEST_SQLSERVER is set).</summary>
public sealed class SqlServerTaskStoreTests : TaskStoreTests<SqlServerProvider>;

/// <summary>The task queue, the same tests on every provider.</summary>
public abstract class TaskStoreTests<TProvider> : StoreTests<TProvider> where TProvider : StoreProvider, new()
{
    private const long T0 = 1_800_000_000_000;

    private Task<long> InsertAsync(string device, string type = "reboot", long expires = T0 + 3_600_000)
        => Db.Tasks.InsertAsync(new TaskStore.NewTask(device, type, "{}", T0, expires, null));

    // Lets a task's lifetime run out: moves its expiry an hour and a half back. (Calling the store with a later "now"
    // is not enough: on PostgreSQL and SQL Server expiry is written and compared by the database's clock.)
    private async Task RunOutAsync(long id)
    {
        await using var connection = await Db.Database.OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE tasks SET expires = expires - 5400000 WHERE id = @id", new { id });
    }

    [StoreFact]
    public async Task Tasks_are_taken_per_device_in_insertion_order()
    {
        var a1 = await InsertAsync("A");
        var b1 = await InsertAsync("B");
        var a2 = await InsertAsync("A");

        var first = await Db.Tasks.TakeNextAsync("A", T0);
        var second = await Db.Tasks.TakeNextAsync("A", T0);
        var none = await Db.Tasks.TakeNextAsync("A", T0);

        Assert.Equal(a1, first.Task!.Id);
        Assert.Equal(TaskStates.Sent, first.Task.Status);
        Assert.Equal(1, first.Task.Attempts);
        Assert.Equal(a2, second.Task!.Id);
        Assert.Null(none.Task);
        Assert.Equal(TaskStates.Queued, (await Db.Tasks.GetAsync(b1))!.Status);
        Assert.Equal(["B"], await Db.Tasks.DevicesWithQueuedTasksAsync());
    }

    [StoreFact]
    public async Task Overdue_tasks_expire_instead_of_being_sent()
    {
        var old = await InsertAsync("A");
        var fresh = await InsertAsync("A", expires: T0 + 7_200_000);
        await RunOutAsync(old);
        await RunOutAsync(fresh);

        var taken = await Db.Tasks.TakeNextAsync("A", T0);

        Assert.Equal([old], taken.Expired);
        Assert.Equal(fresh, taken.Task!.Id);
        var expired = (await Db.Tasks.GetAsync(old))!;
        Assert.Equal(TaskStates.Expired, expired.Status);
        Assert.Contains("expired", expired.LastError, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Sweep_expires_tasks_of_devices_that_never_return()
    {
        var id = await InsertAsync("GONE");
        var later = await InsertAsync("LATER", expires: T0 + 7_200_000);
        Assert.Empty(await Db.Tasks.ExpireDueAsync(T0));
        await RunOutAsync(id);
        await RunOutAsync(later);

        Assert.Equal([id], await Db.Tasks.ExpireDueAsync(T0));
        Assert.Empty(await Db.Tasks.ExpireDueAsync(T0));
        Assert.Equal(TaskStates.Queued, (await Db.Tasks.GetAsync(later))!.Status);
        Assert.Equal(TaskStates.Expired, (await Db.Tasks.GetAsync(id))!.Status);
    }

    [StoreFact]
    public async Task Sweep_expires_a_transfer_whose_transfer_complete_never_came()
    {
        var id = await Db.Tasks.InsertAsync(new TaskStore.NewTask("A", "download", "{}", T0, T0 + 3_600_000, "dl-x"));
        var sent = (await Db.Tasks.TakeNextAsync("A", T0)).Task!;
        await Db.Tasks.CompleteAsync(sent, new TaskOutcome { Status = TaskStates.Sent }, T0);
        Assert.Empty(await Db.Tasks.ExpireDueAsync(T0));
        await RunOutAsync(id);

        Assert.Equal([id], await Db.Tasks.ExpireDueAsync(T0));

        var task = (await Db.Tasks.GetAsync(id))!;
        Assert.Equal(TaskStates.Expired, task.Status);
        Assert.Equal("expired waiting for the TransferComplete", task.LastError);
        Assert.Null(await Db.Tasks.FindAwaitingTransferAsync("A", "dl-x"));
    }

    [StoreFact]
    public async Task Broken_session_requeues_until_the_last_attempt_then_faults_with_a_device_fault()
    {
        var id = await InsertAsync("A");

        await Db.Tasks.TakeNextAsync("A", T0);
        Assert.Equal(TaskStates.Queued, await Db.Tasks.RequeueAsync(id, "session timed out", maxAttempts: 2, T0));
        await Db.Tasks.TakeNextAsync("A", T0);
        Assert.Equal(TaskStates.Fault, await Db.Tasks.RequeueAsync(id, "session timed out again", maxAttempts: 2, T0));
        Assert.Null(await Db.Tasks.RequeueAsync(id, "no longer sent", maxAttempts: 2, T0));

        var task = (await Db.Tasks.GetAsync(id))!;
        Assert.Equal(2, task.Attempts);
        Assert.Equal("gave up after 2 attempt(s): session timed out again", task.FaultMessage);
        var fault = (await Db.Tasks.ListFaultsAsync("A", 10)).Single();
        Assert.Equal(id, fault.TaskId);
        Assert.Null(fault.Code);
    }

    [StoreFact]
    public async Task Restart_puts_requests_left_on_the_wire_back_but_keeps_downloads_waiting_for_transfer_complete()
    {
        var plain = await InsertAsync("A");
        var download = await Db.Tasks.InsertAsync(new TaskStore.NewTask("A", "download", "{}", T0, T0 + 3_600_000, "dl-1"));
        var sentPlain = (await Db.Tasks.TakeNextAsync("A", T0)).Task!;
        var sentDownload = (await Db.Tasks.TakeNextAsync("A", T0)).Task!;
        await Db.Tasks.CompleteAsync(sentDownload, new TaskOutcome { Status = TaskStates.Sent }, T0);

        Assert.Equal(1, await Db.Tasks.RecoverInterruptedAsync(maxAttempts: 3, T0));

        Assert.Equal(TaskStates.Queued, (await Db.Tasks.GetAsync(plain))!.Status);
        Assert.Contains("ACS stopped", (await Db.Tasks.GetAsync(plain))!.LastError, StringComparison.Ordinal);
        Assert.Equal(TaskStates.Sent, (await Db.Tasks.GetAsync(download))!.Status);
        Assert.Equal(download, (await Db.Tasks.FindAwaitingTransferAsync("A", "dl-1"))!.Id);
        Assert.Equal(sentPlain.Id, plain);
    }

    [StoreFact]
    public async Task On_a_shared_database_only_requests_of_devices_whose_session_lease_lapsed_go_back()
    {
        var live = await InsertAsync("LIVE");
        var dead = await InsertAsync("DEAD");
        await Db.Tasks.TakeNextAsync("LIVE", T0);
        await Db.Tasks.TakeNextAsync("DEAD", T0);
        var leases = new LeaseStore(Db.Database);
        // Another node's session holds LIVE's lease; DEAD's node died and its lease ran out 5 s ago. (A negative duration
        // writes an expired lease on every provider: PostgreSQL and SQL Server count from the database's clock, not T0.)
        Assert.True(await leases.TryTakeAsync("LIVE", "node-b/1/aa", 35_000, T0));
        Assert.True(await leases.TryTakeAsync("DEAD", "node-c/1/bb", -5_000, T0));

        Assert.Equal(1, await Db.Tasks.RecoverInterruptedAsync(maxAttempts: 3, T0, unleasedOnly: true));

        Assert.Equal(TaskStates.Sent, (await Db.Tasks.GetAsync(live))!.Status);
        Assert.Equal(TaskStates.Queued, (await Db.Tasks.GetAsync(dead))!.Status);
    }

    [StoreFact]
    public async Task Only_queued_tasks_can_be_cancelled()
    {
        var queued = await InsertAsync("A");
        var other = await InsertAsync("B");
        await Db.Tasks.TakeNextAsync("B", T0);

        Assert.True(await Db.Tasks.CancelAsync(queued));
        Assert.False(await Db.Tasks.CancelAsync(other));
        Assert.Null(await Db.Tasks.GetAsync(queued));
    }
}
