namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>An INSERT of one task that yields its generated id. @Created and @Expires come from the node's clock; a
    /// provider with <see cref="NowMs"/> stores the database's clock as the creation time and keeps the task's lifetime
    /// (@Expires - @Created) from there, so every node compares expiry with the same clock.</summary>
    public virtual string InsertTask => $"""
        INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires, command_key)
        VALUES (@DeviceId, @Type, @Payload, 'queued', 0, {TaskCreated}, {TaskExpires}, @CommandKey)
        RETURNING id
        """;

    /// <summary>The creation time of a new task: the database's clock where it has one, else @Created.</summary>
    protected string TaskCreated => NowMs ?? "@Created";

    /// <summary>The expiry of a new task: its lifetime from the database's clock where it has one, else @Expires.</summary>
    protected string TaskExpires => NowMs is null ? "@Expires" : $"{NowMs} + (@Expires - @Created)";

    /// <summary>"Now" for task expiry: the database's clock where it has one, else @Now.</summary>
    protected string TaskNow => NowMs ?? "@Now";

    /// <summary>An INSERT of one fault that yields its generated id.</summary>
    public virtual string InsertFault => """
        INSERT INTO faults (device_id, task_id, code, message, detail, created)
        VALUES (@DeviceId, @TaskId, @Code, @Message, @Detail, @Created)
        RETURNING id
        """;

    /// <summary>Takes or renews the device lease when it is free, expired or already this node's; affects one row on
    /// success. Parameters @DeviceId, @Node, @DurationMs and @Now (the node's clock, Unix ms); a provider with
    /// <see cref="NowMs"/> reads the database's clock instead, so that nodes whose clocks drift agree on expiry.</summary>
    public virtual string TakeLease => $"""
        INSERT INTO leases (device_id, node, expires) VALUES (@DeviceId, @Node, {NowMs ?? "@Now"} + @DurationMs)
        ON CONFLICT (device_id) DO UPDATE SET node = excluded.node, expires = excluded.expires
        WHERE leases.node = excluded.node OR leases.expires < {NowMs ?? "@Now"}
        """;

    /// <summary>Expires the device's (@DeviceId) queued tasks past their expiry and yields their ids; expiry is compared
    /// with @Now (the node's clock) on SQLite and with the database's clock on a shared database, which also wrote it
    /// (<see cref="InsertTask"/>). One statement decides, so only one node reports a task.</summary>
    public virtual string ExpireOverdueTasksOfDevice => $"""
        UPDATE tasks SET status = 'expired', completed = @Now, last_error = 'expired before the device could be reached'
        WHERE device_id = @DeviceId AND status = 'queued' AND expires <= {TaskNow}
        RETURNING id
        """;

    /// <summary>Expires every queued task past its expiry, and every transfer still waiting for its TransferComplete at its
    /// expiry, and yields their ids (clocks as in <see cref="ExpireOverdueTasksOfDevice"/>).</summary>
    public virtual string ExpireDueTasks => $"""
        UPDATE tasks SET completed = @Now,
            last_error = CASE status WHEN 'queued' THEN 'expired before the device could be reached'
                                     ELSE 'expired waiting for the TransferComplete' END,
            status = 'expired', awaiting_transfer = 0
        WHERE (status = 'queued' OR (status = 'sent' AND awaiting_transfer = 1)) AND expires <= {TaskNow}
        RETURNING id
        """;
}
