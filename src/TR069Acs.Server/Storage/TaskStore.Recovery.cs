using Dapper;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Storage;

internal sealed partial class TaskStore
{
    /// <summary>Puts a sent task whose session broke back in the queue, or faults it once it has been sent
    /// <paramref name="maxAttempts"/> times. Returns the new state, or null when the task was no longer sent.</summary>
    public async Task<string?> RequeueAsync(long id, string reason, int maxAttempts, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var task = await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tasks{database.Dialect.RowLockHint(skipLocked: false)} WHERE id = @Id AND status = 'sent'" + database.Dialect.ForUpdate, new { Id = id }, transaction,
            cancellationToken: cancellationToken));
        if (task is null)
        {
            return null;
        }
        string status;
        if (task.Attempts >= maxAttempts)
        {
            status = TaskStates.Fault;
            var message = $"gave up after {task.Attempts} attempt(s): {reason}";
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE tasks SET status = 'fault', completed = @Now, fault_code = NULL, fault_message = @Message, last_error = @Reason WHERE id = @Id AND status = 'sent'",
                new { Id = id, Now = now, Message = message, Reason = reason }, transaction, cancellationToken: cancellationToken));
            await InsertFaultAsync(connection, transaction, task.DeviceId, id, null, message, null, now, cancellationToken);
        }
        else
        {
            status = TaskStates.Queued;
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE tasks SET status = 'queued', last_error = @Reason WHERE id = @Id AND status = 'sent'",
                new { Id = id, Reason = reason }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return status;
    }

    /// <summary>Cancels a queued task (deletes it). False when it is not queued (or does not exist).</summary>
    public async Task<bool> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM tasks WHERE id = @Id AND status = 'queued'", new { Id = id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The transfer task of this device the TransferComplete carrying <paramref name="commandKey"/> completes:
    /// preferably one waiting for it (DownloadResponse Status 1), else one whose session broke after the CPE had
    /// started the transfer (it is queued again, and must not be sent twice).</summary>
    public async Task<TaskRow?> FindAwaitingTransferAsync(string deviceId, string commandKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Open(await connection.QueryFirstOrDefaultAsync<TaskRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tasks WHERE device_id = @DeviceId AND command_key = @CommandKey AND status IN ('sent', 'queued') "
            + "AND type IN ('download', 'upload') ORDER BY awaiting_transfer DESC, id",
            new { DeviceId = deviceId, CommandKey = commandKey }, cancellationToken: cancellationToken)));
    }

    /// <summary>Expires every queued task past its expiry, and every transfer still waiting for its TransferComplete
    /// at its expiry (the device is gone, or lost the transfer); returns them.</summary>
    public async Task<IReadOnlyList<long>> ExpireDueAsync(long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            database.Dialect.ExpireDueTasks, new { Now = now }, cancellationToken: cancellationToken))).AsList();
        return ids;
    }

    /// <summary>At start: requests that were on the wire when the ACS stopped get no answer any more; they go back
    /// to the queue (or fault after the last attempt). Tasks waiting for a TransferComplete keep waiting.</summary>
    /// <remarks>With <paramref name="unleasedOnly"/> (a shared database) only requests of devices whose session lease has
    /// lapsed: the other nodes' sessions hold their devices' leases while they wait for answers, and a node that died
    /// holds them no longer than the lease lasts.</remarks>
    public async Task<int> RecoverInterruptedAsync(int maxAttempts, long now, CancellationToken cancellationToken = default, bool unleasedOnly = false)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = "SELECT id FROM tasks WHERE status = 'sent' AND awaiting_transfer = 0";
        if (unleasedOnly)
        {
            sql += $" AND NOT EXISTS (SELECT 1 FROM leases WHERE leases.device_id = tasks.device_id AND leases.expires >= {database.Dialect.NowMs ?? "@Now"})";
        }
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(sql, new { Now = now }, cancellationToken: cancellationToken))).AsList();
        await connection.DisposeAsync();
        foreach (var id in ids)
        {
            await RequeueAsync(id, "the ACS stopped while waiting for the device's answer", maxAttempts, now, cancellationToken);
        }
        return ids.Count;
    }

    /// <summary>Stores the outcome of the task's Connection Request (JSON).</summary>
    public async Task SetConnectionRequestAsync(long id, string outcomeJson, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tasks SET connection_request = @Outcome WHERE id = @Id", new { Id = id, Outcome = outcomeJson }, cancellationToken: cancellationToken));
    }

    /// <summary>The faults recorded for a device, newest first.</summary>
    public async Task<IReadOnlyList<FaultRow>> ListFaultsAsync(string deviceId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FaultRow>(new CommandDefinition(
            "SELECT id, device_id, task_id, code, message, detail, created FROM faults WHERE device_id = @DeviceId ORDER BY id DESC" + database.Dialect.Paging,
            new { DeviceId = deviceId, Limit = limit, Offset = 0 }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
