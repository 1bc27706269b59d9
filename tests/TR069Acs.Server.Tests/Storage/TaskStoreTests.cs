using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Storage;

public sealed class TaskStoreTests : IAsyncLifetime
{
    private const long T0 = 1_800_000_000_000;
    private readonly TestDatabase _db = new();

    public async Task InitializeAsync() => await _db.Migrations.ApplyAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private Task<long> InsertAsync(string device, string type = "reboot", long expires = T0 + 3_600_000)
        => _db.Tasks.InsertAsync(new TaskStore.NewTask(device, type, "{}", T0, expires, null));

    [Fact]
    public async Task Tasks_are_taken_per_device_in_insertion_order()
    {
        var a1 = await InsertAsync("A");
        var b1 = await InsertAsync("B");
        var a2 = await InsertAsync("A");

        var first = await _db.Tasks.TakeNextAsync("A", T0);
        var second = await _db.Tasks.TakeNextAsync("A", T0);
        var none = await _db.Tasks.TakeNextAsync("A", T0);

        Assert.Equal(a1, first.Task!.Id);
        Assert.Equal(TaskStates.Sent, first.Task.Status);
        Assert.Equal(1, first.Task.Attempts);
        Assert.Equal(a2, second.Task!.Id);
        Assert.Null(none.Task);
        Assert.Equal(TaskStates.Queued, (await _db.Tasks.GetAsync(b1))!.Status);
        Assert.Equal(["B"], await _db.Tasks.DevicesWithQueuedTasksAsync());
    }

    [Fact]
    public async Task Overdue_tasks_expire_instead_of_being_sent()
    {
        var old = await InsertAsync("A", expires: T0 + 1000);
        var fresh = await InsertAsync("A", expires: T0 + 10_000);

        var taken = await _db.Tasks.TakeNextAsync("A", T0 + 5000);

        Assert.Equal([old], taken.Expired);
        Assert.Equal(fresh, taken.Task!.Id);
        var expired = (await _db.Tasks.GetAsync(old))!;
        Assert.Equal(TaskStates.Expired, expired.Status);
        Assert.Contains("expired", expired.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_expires_tasks_of_devices_that_never_return()
    {
        var id = await InsertAsync("GONE", expires: T0 + 1000);

        Assert.Equal([id], await _db.Tasks.ExpireDueAsync(T0 + 2000));
        Assert.Empty(await _db.Tasks.ExpireDueAsync(T0 + 3000));
        Assert.Equal(TaskStates.Expired, (await _db.Tasks.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task Sweep_expires_a_transfer_whose_transfer_complete_never_came()
    {
        var id = await _db.Tasks.InsertAsync(new TaskStore.NewTask("A", "download", "{}", T0, T0 + 1000, "dl-x"));
        var sent = (await _db.Tasks.TakeNextAsync("A", T0)).Task!;
        await _db.Tasks.CompleteAsync(sent, new TaskOutcome { Status = TaskStates.Sent }, T0);

        Assert.Equal([id], await _db.Tasks.ExpireDueAsync(T0 + 2000));

        var task = (await _db.Tasks.GetAsync(id))!;
        Assert.Equal(TaskStates.Expired, task.Status);
        Assert.Equal("expired waiting for the TransferComplete", task.LastError);
        Assert.Null(await _db.Tasks.FindAwaitingTransferAsync("A", "dl-x"));
    }

    [Fact]
    public async Task Broken_session_requeues_until_the_last_attempt_then_faults_with_a_device_fault()
    {
        var id = await InsertAsync("A");

        await _db.Tasks.TakeNextAsync("A", T0);
        Assert.Equal(TaskStates.Queued, await _db.Tasks.RequeueAsync(id, "session timed out", maxAttempts: 2, T0));
        await _db.Tasks.TakeNextAsync("A", T0);
        Assert.Equal(TaskStates.Fault, await _db.Tasks.RequeueAsync(id, "session timed out again", maxAttempts: 2, T0));
        Assert.Null(await _db.Tasks.RequeueAsync(id, "no longer sent", maxAttempts: 2, T0));

        var task = (await _db.Tasks.GetAsync(id))!;
        Assert.Equal(2, task.Attempts);
        Assert.Equal("gave up after 2 attempt(s): session timed out again", task.FaultMessage);
        var fault = (await _db.Tasks.ListFaultsAsync("A", 10)).Single();
        Assert.Equal(id, fault.TaskId);
        Assert.Null(fault.Code);
    }

    [Fact]
    public async Task Restart_puts_requests_left_on_the_wire_back_but_keeps_downloads_waiting_for_transfer_complete()
    {
        var plain = await InsertAsync("A");
        var download = await _db.Tasks.InsertAsync(new TaskStore.NewTask("A", "download", "{}", T0, T0 + 3_600_000, "dl-1"));
        var sentPlain = (await _db.Tasks.TakeNextAsync("A", T0)).Task!;
        var sentDownload = (await _db.Tasks.TakeNextAsync("A", T0)).Task!;
        await _db.Tasks.CompleteAsync(sentDownload, new TaskOutcome { Status = TaskStates.Sent }, T0);

        Assert.Equal(1, await _db.Tasks.RecoverInterruptedAsync(maxAttempts: 3, T0));

        Assert.Equal(TaskStates.Queued, (await _db.Tasks.GetAsync(plain))!.Status);
        Assert.Contains("ACS stopped", (await _db.Tasks.GetAsync(plain))!.LastError, StringComparison.Ordinal);
        Assert.Equal(TaskStates.Sent, (await _db.Tasks.GetAsync(download))!.Status);
        Assert.Equal(download, (await _db.Tasks.FindAwaitingTransferAsync("A", "dl-1"))!.Id);
        Assert.Equal(sentPlain.Id, plain);
    }

    [Fact]
    public async Task On_a_shared_database_only_requests_of_devices_whose_session_lease_lapsed_go_back()
    {
        var live = await InsertAsync("LIVE");
        var dead = await InsertAsync("DEAD");
        await _db.Tasks.TakeNextAsync("LIVE", T0);
        await _db.Tasks.TakeNextAsync("DEAD", T0);
        var leases = new LeaseStore(_db.Database);
        // Another node's session holds LIVE's lease; DEAD's node died 40 s ago with a 35 s lease.
        Assert.True(await leases.TryTakeAsync("LIVE", "node-b/1/aa", 35_000, T0));
        Assert.True(await leases.TryTakeAsync("DEAD", "node-c/1/bb", 35_000, T0 - 40_000));

        Assert.Equal(1, await _db.Tasks.RecoverInterruptedAsync(maxAttempts: 3, T0, unleasedOnly: true));

        Assert.Equal(TaskStates.Sent, (await _db.Tasks.GetAsync(live))!.Status);
        Assert.Equal(TaskStates.Queued, (await _db.Tasks.GetAsync(dead))!.Status);
    }

    [Fact]
    public async Task Only_queued_tasks_can_be_cancelled()
    {
        var queued = await InsertAsync("A");
        var other = await InsertAsync("B");
        await _db.Tasks.TakeNextAsync("B", T0);

        Assert.True(await _db.Tasks.CancelAsync(queued));
        Assert.False(await _db.Tasks.CancelAsync(other));
        Assert.Null(await _db.Tasks.GetAsync(queued));
    }
}
