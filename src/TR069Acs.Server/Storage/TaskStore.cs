using System.Data.Common;
using Dapper;
using TR069Acs.Server.Security;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Storage;

/// <summary>The task queue. Every change is committed before the caller goes on: tasks survive a crash.</summary>
/// <remarks>A task's payload may carry secrets (a SIP password in a SetParameterValues, a Download's password), and its
/// result too (a GetParameterValues of a password a CPE does not hide), so every payload and result is stored encrypted (<see cref="SecretProtector"/>) and decrypted when a row is read; Connection Request
/// passwords the ACS set on a device are stored encrypted too.</remarks>
internal sealed partial class TaskStore(AcsDatabase database, ParameterStore parameters, SecretProtector protector)
{
    private const string Columns = """
        id, device_id, type, payload, status, attempts, created, sent, completed, expires, command_key,
        awaiting_transfer, result, fault_code, fault_message, last_error, connection_request
        """;

    /// <summary>A task to insert as queued.</summary>
    public sealed record NewTask(string DeviceId, string Type, string Payload, long Created, long Expires, string? CommandKey);

    public async Task<long> InsertAsync(NewTask task, CancellationToken cancellationToken = default)
        => await InsertAsync(task, null, cancellationToken) ?? throw new InvalidOperationException("the task was not inserted");

    /// <summary>What must hold, and be written, in the transaction that inserts a task (given the new task's id): false
    /// rolls the insert back.</summary>
    public delegate Task<bool> InsertCondition(DbConnection connection, DbTransaction transaction, long taskId, CancellationToken cancellationToken);

    /// <summary>Inserts a task, and runs <paramref name="condition"/> in the same transaction; null when the condition
    /// refused it (nothing is then written).</summary>
    public async Task<long?> InsertAsync(NewTask task, InsertCondition? condition, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.InsertTask,
            task with { Payload = protector.Protect(task.Payload)! }, transaction, cancellationToken: cancellationToken));
        if (condition is not null && !await condition(connection, transaction, id, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<TaskRow?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Open(await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tasks WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)));
    }

    public async Task<IReadOnlyList<TaskRow>> ListForDeviceAsync(string deviceId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TaskRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tasks WHERE device_id = @DeviceId ORDER BY id" + database.Dialect.Paging,
            new { DeviceId = deviceId, Limit = limit, Offset = 0 }, cancellationToken: cancellationToken));
        var list = rows.AsList();
        foreach (var row in list)
        {
            Open(row);
        }
        return list;
    }

    /// <summary>The payloads of a device's queued tasks of one type, oldest first (what is about to reach the device).</summary>
    public async Task<IReadOnlyList<string>> QueuedPayloadsAsync(string deviceId, string type, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT payload FROM tasks WHERE device_id = @DeviceId AND status = 'queued' AND type = @Type ORDER BY id",
            new { DeviceId = deviceId, Type = type }, cancellationToken: cancellationToken));
        return [.. rows.Select(p => protector.Unprotect(p)!)];
    }

    /// <summary>Devices with queued tasks, to seed the in-memory index at start.</summary>
    public async Task<IReadOnlyList<string>> DevicesWithQueuedTasksAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT device_id FROM tasks WHERE status = 'queued'", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The result of <see cref="TakeNextAsync"/>: the task now sent (or none), the tasks that expired on the way,
    /// and whether queued tasks were held back (a campaign's Downloads while it is not running).</summary>
    public sealed record TakeResult(TaskRow? Task, IReadOnlyList<long> Expired, bool Held = false);

    // A campaign's Download goes out only while its attempt is in flight and the campaign is running, checked in the
    // transaction that marks it sent: once a pause, stop or cancel has committed, no session takes one, so after the API
    // answered no new Download of the campaign reaches a phone (the withdrawal that follows only tidies up).
    private const string Sendable = """
        (type <> 'download' OR command_key IS NULL OR command_key NOT LIKE 'campaign:%'
         OR EXISTS (SELECT 1 FROM campaign_devices cd JOIN campaigns c ON c.id = cd.campaign_id
                    WHERE cd.command_key = tasks.command_key AND cd.task_id = tasks.id AND cd.state = 'inProgress' AND c.status = 'running'))
        """;

    /// <summary>Expires the device's overdue queued tasks, then marks its oldest queued task sent (attempts + 1); a
    /// campaign's Download is skipped while its campaign is not running.</summary>
    public async Task<TakeResult> TakeNextAsync(string deviceId, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Most sessions find nothing queued (on a shared database every session asks, see PendingTaskIndex): one indexed
        // read then, instead of a transaction of three statements and its commit (four round trips to a database server).
        // Only queued tasks expire or are sent, so with none queued the transaction below would change nothing.
        if (await FirstQueuedAsync(connection, null, deviceId, cancellationToken) is null)
        {
            return new TakeResult(null, []);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One statement, so that of two nodes expiring the same task only one reports it.
        var expired = (await connection.QueryAsync<long>(new CommandDefinition(database.Dialect.ExpireOverdueTasksOfDevice,
            new { DeviceId = deviceId, Now = now }, transaction, cancellationToken: cancellationToken))).AsList();
        // The row lock (PostgreSQL: FOR UPDATE SKIP LOCKED; SQL Server: UPDLOCK, READPAST) keeps a concurrent claimer off
        // this task until the UPDATE below commits; the UPDATE's own status condition makes the claim atomic on every provider.
        var next = Open(await connection.QueryFirstOrDefaultAsync<TaskRow>(new CommandDefinition(
            $"SELECT {Columns} FROM tasks{database.Dialect.RowLockHint(skipLocked: true)} WHERE device_id = @DeviceId AND status = 'queued' AND {Sendable} ORDER BY id"
            + database.Dialect.Paging + database.Dialect.ForUpdateSkipLocked,
            new { DeviceId = deviceId, Limit = 1, Offset = 0 }, transaction, cancellationToken: cancellationToken)));
        var held = false;
        if (next is not null)
        {
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE tasks SET status = 'sent', sent = @Now, attempts = attempts + 1, awaiting_transfer = 0 WHERE id = @Id AND status = 'queued' AND {Sendable}",
                new { next.Id, Now = now }, transaction, cancellationToken: cancellationToken));
            next = taken == 1 ? Sent(next, now) : null;
            held = taken != 1;
        }
        else
        {
            held = await FirstQueuedAsync(connection, transaction, deviceId, cancellationToken) is not null;
        }
        await transaction.CommitAsync(cancellationToken);
        return new TakeResult(next, expired, held);
    }

    private Task<long?> FirstQueuedAsync(DbConnection connection, DbTransaction? transaction, string deviceId, CancellationToken cancellationToken)
        => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM tasks WHERE device_id = @DeviceId AND status = 'queued' ORDER BY id" + database.Dialect.Paging,
            new { DeviceId = deviceId, Limit = 1, Offset = 0 }, transaction, cancellationToken: cancellationToken));

    /// <summary>Decrypts a row's payload and result in place (a payload stored before encryption existed is read as is).</summary>
    private TaskRow? Open(TaskRow? row)
    {
        if (row is not null)
        {
            row.Payload = protector.Unprotect(row.Payload)!;
            row.Result = protector.Unprotect(row.Result);
        }
        return row;
    }

    private static TaskRow Sent(TaskRow t, long now) => new()
    {
        Id = t.Id, DeviceId = t.DeviceId, Type = t.Type, Payload = t.Payload, Status = TaskStates.Sent, Attempts = t.Attempts + 1,
        Created = t.Created, Sent = now, Expires = t.Expires, CommandKey = t.CommandKey, LastError = t.LastError,
        ConnectionRequest = t.ConnectionRequest,
    };

    /// <summary>Applies the CPE's answer: the task's new state and everything it changes, in one transaction.</summary>
    public async Task CompleteAsync(TaskRow task, TaskOutcome outcome, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE tasks SET status = @Status, completed = @Completed, result = COALESCE(@Result, result),
                fault_code = @FaultCode, fault_message = @FaultMessage, awaiting_transfer = @AwaitingTransfer
            WHERE id = @Id
            """, new
        {
            task.Id,
            outcome.Status,
            Completed = TaskStates.IsFinal(outcome.Status) ? now : (long?)null,
            Result = protector.Protect(outcome.ResultJson),
            outcome.FaultCode,
            outcome.FaultMessage,
            AwaitingTransfer = outcome.Status == TaskStates.Sent ? 1 : 0,
        }, transaction, cancellationToken: cancellationToken));
        await WriteChangesAsync(connection, transaction, task.DeviceId, task.Id, outcome, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task WriteChangesAsync(DbConnection connection, DbTransaction transaction, string deviceId, long? taskId,
        TaskOutcome outcome, long now, CancellationToken cancellationToken)
    {
        if (outcome.DeletedObject is { } deleted)
        {
            await parameters.DeleteSubtreeAsync(connection, transaction, deviceId, deleted, cancellationToken);
        }
        if (outcome.Values.Count > 0)
        {
            await parameters.WriteValuesAsync(connection, transaction, deviceId, outcome.Values, now, cancellationToken);
        }
        if (outcome.Names.Count > 0)
        {
            await parameters.WriteNamesAsync(connection, transaction, deviceId, outcome.Names, now, cancellationToken);
        }
        if (outcome.Attributes.Count > 0)
        {
            await parameters.WriteAttributesAsync(connection, transaction, deviceId, outcome.Attributes, now, cancellationToken);
        }
        if (outcome.ConnectionRequestUsername is not null || outcome.ConnectionRequestPassword is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertConnectionRequestCredentials,
                new
                {
                    DeviceId = deviceId,
                    Username = outcome.ConnectionRequestUsername,
                    Password = protector.Protect(outcome.ConnectionRequestPassword),
                    Now = now,
                },
                transaction, cancellationToken: cancellationToken));
        }
        if (outcome.Status == TaskStates.Fault)
        {
            await InsertFaultAsync(connection, transaction, deviceId, taskId, outcome.FaultCode, outcome.FaultMessage ?? "", outcome.FaultDetailJson, now, cancellationToken);
        }
        if (outcome.Transfer is { } t)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO transfers (device_id, task_id, autonomous, command_key, fault_code, fault_string, start_time, complete_time, detail, received)
                VALUES (@DeviceId, @TaskId, @Autonomous, @CommandKey, @FaultCode, @FaultString, @StartTime, @CompleteTime, @Detail, @Now)
                """, new
            {
                t.DeviceId,
                TaskId = taskId,
                Autonomous = t.Autonomous ? 1 : 0,
                t.CommandKey,
                t.FaultCode,
                t.FaultString,
                StartTime = t.StartTime?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                CompleteTime = t.CompleteTime?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                Detail = t.DetailJson,
                Now = now,
            }, transaction, cancellationToken: cancellationToken));
        }
    }

    private Task<long> InsertFaultAsync(DbConnection connection, DbTransaction transaction, string deviceId, long? taskId,
        int? code, string message, string? detail, long now, CancellationToken cancellationToken)
        => connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.InsertFault,
            new { DeviceId = deviceId, TaskId = taskId, Code = code, Message = message, Detail = detail, Created = now },
            transaction, cancellationToken: cancellationToken));

    /// <summary>Records what happened outside any task (an unmatched TransferComplete), in its own transaction.</summary>
    public async Task RecordAsync(string deviceId, TaskOutcome outcome, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteChangesAsync(connection, transaction, deviceId, null, outcome, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
