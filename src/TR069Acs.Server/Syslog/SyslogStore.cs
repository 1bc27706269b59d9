using System.Text;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Syslog;

/// <summary>Stored syslog messages and the device status parsed from them: batched writes, newest-first pages,
/// and the deletes that keep retention bounded.</summary>
internal sealed class SyslogStore(AcsDatabase database)
{
    private const string Columns = """
        id, device_id, matched_by, received, remote_address, format, facility, severity, sent, hostname, app_name,
        process_id, message_id, structured_data, message, event, problem, truncated, verified
        """;

    // Old rows go in chunks so the single SQLite writer is never held for long.
    private const int DeleteChunk = 5000;

    /// <summary>Stores a batch and its status changes in one transaction.</summary>
    public async Task WriteAsync(IReadOnlyList<SyslogRecord> rows, IReadOnlyCollection<DeviceStatusChange> changes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO syslog_messages (device_id, matched_by, received, remote_address, format, facility, severity, sent, hostname,
                app_name, process_id, message_id, structured_data, message, event, problem, truncated, verified)
            VALUES (@DeviceId, @MatchedBy, @Received, @RemoteAddress, @Format, @Facility, @Severity, @Sent, @Hostname,
                @AppName, @ProcessId, @MessageId, @StructuredData, @Message, @Event, @Problem, @Truncated, @Verified)
            """, rows, transaction, cancellationToken: cancellationToken));
        if (changes.Count > 0)
        {
            // DeviceStatusChange documents the merge rules the dialect's statement implements.
            await connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertDeviceStatus, changes, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SyslogRecord>> ListAsync(SyslogQuery query, CancellationToken cancellationToken)
    {
        // Only the conditions asked for, so SQLite walks ix_syslog_messages_device backwards from the cursor.
        var sql = new StringBuilder($"SELECT {Columns} FROM syslog_messages WHERE ")
            .Append(query.DeviceId is null ? "device_id IS NULL" : "device_id = @DeviceId");
        if (query.Before is not null)
        {
            sql.Append(" AND id < @Before");
        }
        if (query.Since is not null)
        {
            sql.Append(" AND received >= @Since");
        }
        if (query.MaxSeverity is not null)
        {
            sql.Append(" AND severity <= @MaxSeverity");
        }
        sql.Append(" ORDER BY id DESC");
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<SyslogRecord>(new CommandDefinition(database.Dialect.Limit(sql.ToString(), "@Limit"), query, cancellationToken: cancellationToken))];
    }

    public async Task<DeviceSyslogStatus?> GetStatusAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DeviceSyslogStatus>(new CommandDefinition("""
            SELECT device_id, resync_at, resync_result, resync_url, resync_error, upgrade_at, upgrade_result, upgrade_url,
                upgrade_version, upgrade_error, error_at, error, last_message_at
            FROM device_status WHERE device_id = @DeviceId
            """, new { DeviceId = deviceId }, cancellationToken: cancellationToken));
    }

    /// <summary>Keeps the newest <paramref name="keep"/> messages of a device (null: of the unattached ones); returns how many were deleted.</summary>
    /// <param name="deviceId">The device; null for the unattached messages.</param>
    /// <param name="keep">How many to keep.</param>
    /// <param name="verified">Issue 16 §6, a device's two budgets: true its verified messages (and those stored before the
    /// flag existed), false its unverified ones; null all (the unattached).</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    public async Task<int> KeepNewestAsync(string? deviceId, int keep, bool? verified, CancellationToken cancellationToken)
    {
        var match = (deviceId is null ? "device_id IS NULL" : "device_id = @DeviceId") + verified switch
        {
            true => " AND (verified = 1 OR verified IS NULL)",
            false => " AND verified = 0",
            null => "",
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            DELETE FROM syslog_messages WHERE {match}
              AND id <= (SELECT id FROM syslog_messages WHERE {match} ORDER BY id DESC{database.Dialect.Paging})
            """, new { DeviceId = deviceId, Limit = 1, Offset = keep }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the messages received before <paramref name="cutoff"/> (Unix ms); returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(long cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                database.Dialect.DeleteSyslogChunk,
                new { Cutoff = cutoff, Chunk = DeleteChunk }, cancellationToken: cancellationToken));
            total += deleted;
            if (deleted < DeleteChunk)
            {
                return total;
            }
        }
    }
}
