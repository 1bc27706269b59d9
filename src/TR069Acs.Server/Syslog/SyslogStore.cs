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
            // DeviceStatusChange documents the merge rules these CASEs implement (right-hand sides see the stored row).
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO device_status (device_id, resync_at, resync_result, resync_url, resync_error, upgrade_at, upgrade_result,
                    upgrade_url, upgrade_version, upgrade_error, error_at, error, last_message_at)
                VALUES (@DeviceId, @ResyncAt, @ResyncResult, @ResyncUrl, @ResyncError, @UpgradeAt, @UpgradeResult,
                    @UpgradeUrl, @UpgradeVersion, @UpgradeError, @ErrorAt, @Error, @LastMessageAt)
                ON CONFLICT (device_id) DO UPDATE SET
                    resync_result = CASE WHEN excluded.resync_at IS NULL THEN device_status.resync_result ELSE excluded.resync_result END,
                    resync_error = CASE WHEN excluded.resync_at IS NULL THEN device_status.resync_error ELSE excluded.resync_error END,
                    resync_url = COALESCE(excluded.resync_url, device_status.resync_url),
                    resync_at = COALESCE(excluded.resync_at, device_status.resync_at),
                    upgrade_result = CASE WHEN excluded.upgrade_at IS NULL THEN device_status.upgrade_result ELSE excluded.upgrade_result END,
                    upgrade_error = CASE WHEN excluded.upgrade_at IS NULL THEN device_status.upgrade_error ELSE excluded.upgrade_error END,
                    upgrade_version = CASE WHEN excluded.upgrade_url IS NULL THEN device_status.upgrade_version ELSE excluded.upgrade_version END,
                    upgrade_url = COALESCE(excluded.upgrade_url, device_status.upgrade_url),
                    upgrade_at = COALESCE(excluded.upgrade_at, device_status.upgrade_at),
                    error = CASE WHEN excluded.error_at IS NULL THEN device_status.error ELSE excluded.error END,
                    error_at = COALESCE(excluded.error_at, device_status.error_at),
                    last_message_at = MAX(excluded.last_message_at, device_status.last_message_at)
                """, changes, transaction, cancellationToken: cancellationToken));
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
        sql.Append(" ORDER BY id DESC LIMIT @Limit");
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<SyslogRecord>(new CommandDefinition(sql.ToString(), query, cancellationToken: cancellationToken))];
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
              AND id <= (SELECT id FROM syslog_messages WHERE {match} ORDER BY id DESC LIMIT 1 OFFSET @Keep)
            """, new { DeviceId = deviceId, Keep = keep }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the messages received before <paramref name="cutoff"/> (Unix ms); returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(long cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM syslog_messages WHERE id IN (SELECT id FROM syslog_messages WHERE received < @Cutoff LIMIT @Chunk)",
                new { Cutoff = cutoff, Chunk = DeleteChunk }, cancellationToken: cancellationToken));
            total += deleted;
            if (deleted < DeleteChunk)
            {
                return total;
            }
        }
    }
}
