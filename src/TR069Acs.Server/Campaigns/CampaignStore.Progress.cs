using Dapper;

namespace TR069Acs.Server.Campaigns;

internal sealed partial class CampaignStore
{
    /// <summary>An attempt in flight with what the rest of the ACS knows of it: its Download task and the device.</summary>
    internal sealed class InFlight
    {
        public string DeviceId { get; init; } = "";
        public string CommandKey { get; init; } = "";
        public long? TaskId { get; init; }
        public long Queued { get; init; }
        public long? TransferOk { get; init; }
        public long? VersionSeen { get; init; }
        public string? TaskStatus { get; init; }
        public long? TaskSent { get; init; }
        public int? TaskAttempts { get; init; }
        public long? TaskExpires { get; init; }
        public long? TaskCompleted { get; init; }
        public int? TaskFaultCode { get; init; }
        public string? TaskFaultMessage { get; init; }
        public string? TaskLastError { get; init; }
        public string? SoftwareVersion { get; init; }
        public long? LastInform { get; init; }
    }

    /// <summary>The campaign's attempts in flight, joined with their tasks and devices.</summary>
    public async Task<IReadOnlyList<InFlight>> InFlightAsync(long campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<InFlight>(new CommandDefinition("""
            SELECT cd.device_id, cd.command_key, cd.task_id, cd.queued, cd.transfer_ok, cd.version_seen,
                   t.status AS task_status, t.sent AS task_sent, t.attempts AS task_attempts, t.expires AS task_expires, t.completed AS task_completed,
                   t.fault_code AS task_fault_code, t.fault_message AS task_fault_message, t.last_error AS task_last_error,
                   d.software_version, d.last_inform
            FROM campaign_devices cd
            LEFT JOIN tasks t ON t.id = cd.task_id
            LEFT JOIN devices d ON d.id = cd.device_id
            WHERE cd.campaign_id = @CampaignId AND cd.state = 'inProgress'
            """, new { CampaignId = campaignId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The Download task already queued for an attempt (after a crash between queueing and linking).</summary>
    public async Task<long?> FindTaskAsync(string deviceId, string commandKey, long queuedSince, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition("""
            SELECT id FROM tasks WHERE device_id = @DeviceId AND command_key = @Key AND type = 'download' AND created >= @Since
            ORDER BY id DESC
            """ + database.Dialect.Paging, new { DeviceId = deviceId, Key = commandKey, Since = queuedSince, Limit = 1, Offset = 0 },
            cancellationToken: cancellationToken));
    }

    /// <summary>Keeps a sent Download's task alive until the attempt's confirmation deadline: it was queued to expire
    /// when the window closes (so that it is never sent outside it), but once sent the transfer may take longer.</summary>
    public async Task ExtendSentTaskAsync(long taskId, long expires, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tasks SET expires = @Expires WHERE id = @Id AND status = 'sent' AND expires < @Expires",
            new { Id = taskId, Expires = expires }, cancellationToken: cancellationToken));
    }

    /// <summary>Campaign Downloads that were sent once and then put back in the queue — their session broke, or the ACS
    /// stopped, before the DownloadResponse was stored — are taken as delivered and left to their TransferComplete
    /// instead of being sent again: the CPE may well have accepted the first one (TR-069 A.3.2.8 gives the ACS no way to
    /// ask), and one attempt must never reach a device twice. Without a TransferComplete the confirmation deadline fails
    /// the attempt and the retry policy takes over. Returns how many were taken.</summary>
    public async Task<int> HoldResentDownloadsAsync(long? taskId, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE tasks SET status = 'sent', awaiting_transfer = 1, sent = COALESCE(sent, @Now),
                last_error = 'not sent again after an interrupted session (a campaign never sends one attempt twice): awaiting its TransferComplete'
            WHERE status = 'queued' AND attempts >= 1 AND type = 'download' AND command_key LIKE 'campaign:%'
              AND (@TaskId IS NULL OR id = @TaskId)
            """, new { TaskId = taskId, Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>Attempts queued since <paramref name="since"/> (the rate limit's sliding minute).</summary>
    public async Task<int> QueuedSinceAsync(long campaignId, long since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM campaign_devices WHERE campaign_id = @CampaignId AND queued >= @Since",
            new { CampaignId = campaignId, Since = since }, cancellationToken: cancellationToken));
    }

    /// <summary>The states of the last <paramref name="count"/> devices that succeeded or failed, newest first.</summary>
    public async Task<IReadOnlyList<string>> RecentOutcomesAsync(long campaignId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT state FROM campaign_devices WHERE campaign_id = @CampaignId AND state IN ('succeeded', 'failed') ORDER BY finished DESC, seq DESC"
            + database.Dialect.Paging, new { CampaignId = campaignId, Limit = count, Offset = 0 }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Per phase: devices not finished, succeeded and failed (skipped devices belong to no phase).</summary>
    public async Task<IReadOnlyList<PhaseTally>> PhaseTalliesAsync(long campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PhaseTally>(new CommandDefinition("""
            SELECT phase,
                   SUM(CASE WHEN state IN ('pending', 'inProgress') THEN 1 ELSE 0 END) AS unfinished,
                   SUM(CASE WHEN state = 'succeeded' THEN 1 ELSE 0 END) AS succeeded,
                   SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS failed
            FROM campaign_devices WHERE campaign_id = @CampaignId AND phase IS NOT NULL
            GROUP BY phase ORDER BY phase
            """, new { CampaignId = campaignId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}

/// <summary>One phase's progress.</summary>
internal sealed class PhaseTally
{
    public int Phase { get; init; }
    public long Unfinished { get; init; }
    public long Succeeded { get; init; }
    public long Failed { get; init; }
}
