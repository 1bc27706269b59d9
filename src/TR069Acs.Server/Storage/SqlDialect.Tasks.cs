namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>An INSERT of one task that yields its generated id.</summary>
    public virtual string InsertTask => """
        INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires, command_key)
        VALUES (@DeviceId, @Type, @Payload, 'queued', 0, @Created, @Expires, @CommandKey)
        RETURNING id
        """;

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

    /// <summary>Expires the device's (@DeviceId) queued tasks past their expiry at @Now and yields their ids. A task's expiry
    /// is written from a node's clock and compared with one (not the database's): a few seconds of drift between nodes
    /// moves when a task expires, never who owns it — one statement decides, so only one node reports it.</summary>
    public virtual string ExpireOverdueTasksOfDevice => """
        UPDATE tasks SET status = 'expired', completed = @Now, last_error = 'expired before the device could be reached'
        WHERE device_id = @DeviceId AND status = 'queued' AND expires <= @Now
        RETURNING id
        """;

    /// <summary>Expires every queued task past its expiry, and every transfer still waiting for its TransferComplete at its
    /// expiry, and yields their ids (clocks as in <see cref="ExpireOverdueTasksOfDevice"/>).</summary>
    public virtual string ExpireDueTasks => """
        UPDATE tasks SET completed = @Now,
            last_error = CASE status WHEN 'queued' THEN 'expired before the device could be reached'
                                     ELSE 'expired waiting for the TransferComplete' END,
            status = 'expired', awaiting_transfer = 0
        WHERE (status = 'queued' OR (status = 'sent' AND awaiting_transfer = 1)) AND expires <= @Now
        RETURNING id
        """;
}
