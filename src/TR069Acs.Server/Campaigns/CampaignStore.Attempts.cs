using System.Data.Common;
using Dapper;

namespace TR069Acs.Server.Campaigns;

internal sealed partial class CampaignStore
{
    /// <summary>A pending device the tick may start, with what its next attempt needs.</summary>
    internal sealed class Candidate
    {
        public string DeviceId { get; init; } = "";
        public long Seq { get; init; }
        public int Attempts { get; init; }
        public string? SoftwareVersion { get; init; }
    }

    /// <summary>An attempt claimed for queueing: its CommandKey is now the device's and no other attempt can take it.</summary>
    internal sealed record Claim(string DeviceId, long Seq, int Attempt, string CommandKey);

    /// <summary>Pending devices of phases up to <paramref name="phase"/> whose retry delay is over, in selection order.</summary>
    public async Task<IReadOnlyList<Candidate>> PendingCandidatesAsync(long campaignId, int phase, long now, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Candidate>(new CommandDefinition("""
            SELECT cd.device_id, cd.seq, cd.attempts, d.software_version
            FROM campaign_devices cd LEFT JOIN devices d ON d.id = cd.device_id
            WHERE cd.campaign_id = @CampaignId AND cd.state = 'pending' AND cd.phase <= @Phase
              AND (cd.not_before IS NULL OR cd.not_before <= @Now)
            ORDER BY cd.seq
            """ + database.Dialect.Paging, new { CampaignId = campaignId, Phase = phase, Now = now, Limit = limit, Offset = 0 },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Claims the next attempt of each candidate (pending → inProgress with a fresh CommandKey), in one
    /// transaction, while the campaign is running; returns the claims that held.</summary>
    public async Task<IReadOnlyList<Claim>> ClaimAsync(long campaignId, IReadOnlyList<Candidate> candidates, long now,
        CancellationToken cancellationToken)
    {
        var claimed = new List<Claim>(candidates.Count);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var c in candidates)
        {
            var attempt = c.Attempts + 1;
            var key = CommandKeys.Format(campaignId, c.Seq, attempt);
            var changed = await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE campaign_devices SET state = 'inProgress', attempts = @Attempt, command_key = @Key, task_id = NULL,
                    transfer_ok = NULL, version_seen = NULL, not_before = NULL, reason = NULL,
                    queued = @Now, started = COALESCE(started, @Now)
                WHERE campaign_id = @CampaignId AND device_id = @DeviceId AND state = 'pending' AND attempts = @Attempts
                  AND EXISTS (SELECT 1 FROM campaigns WHERE id = @CampaignId AND status = 'running')
                """, new { CampaignId = campaignId, c.DeviceId, c.Attempts, Attempt = attempt, Key = key, Now = now },
                transaction, cancellationToken: cancellationToken));
            if (changed == 1)
            {
                claimed.Add(new Claim(c.DeviceId, c.Seq, attempt, key));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Links a Download task to its attempt inside the transaction that inserts the task, provided the campaign
    /// is running and the attempt still in flight and unlinked; false (the caller rolls back) otherwise.</summary>
    public static async Task<bool> LinkNewTaskAsync(DbConnection connection, DbTransaction transaction, long campaignId, string commandKey,
        long taskId, CancellationToken cancellationToken)
    {
        // Writing the campaign's row takes its lock (PostgreSQL, SQL Server; SQLite's write transaction excludes every
        // other writer anyway): a pause, stop or cancel commits either before — and this sees it — or after this
        // transaction, and its withdrawal then finds the task linked.
        var running = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns SET status = status WHERE id = @CampaignId AND status = 'running'",
            new { CampaignId = campaignId }, transaction, cancellationToken: cancellationToken)) == 1;
        return running && await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaign_devices SET task_id = @TaskId
            WHERE campaign_id = @CampaignId AND command_key = @Key AND state = 'inProgress' AND task_id IS NULL
            """, new { CampaignId = campaignId, Key = commandKey, TaskId = taskId }, transaction, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records the Download task that carries an attempt.</summary>
    public async Task LinkTaskAsync(long campaignId, string commandKey, long taskId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaign_devices SET task_id = @TaskId WHERE campaign_id = @CampaignId AND command_key = @Key",
            new { CampaignId = campaignId, Key = commandKey, TaskId = taskId }, cancellationToken: cancellationToken));
    }

    /// <summary>The attempt's TransferComplete reported no fault (from <paramref name="deviceId"/> when given); succeeds the device when the target version was
    /// already seen. False when the attempt is not in flight (a repeated or late TransferComplete).</summary>
    public async Task<bool> TransferSucceededAsync(long campaignId, string? deviceId, string commandKey, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaign_devices SET transfer_ok = @Now,
                state = CASE WHEN version_seen IS NOT NULL THEN 'succeeded' ELSE state END,
                finished = CASE WHEN version_seen IS NOT NULL THEN @Now ELSE finished END
            WHERE campaign_id = @CampaignId AND command_key = @Key AND state = 'inProgress' AND transfer_ok IS NULL
              AND (@DeviceId IS NULL OR device_id = @DeviceId)
            """, new { CampaignId = campaignId, DeviceId = deviceId, Key = commandKey, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>An Inform after the attempt was queued reported the target version; succeeds the device when its
    /// TransferComplete came already. False when the attempt is not in flight.</summary>
    public async Task<bool> VersionSeenAsync(long campaignId, string commandKey, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaign_devices SET version_seen = @Now,
                state = CASE WHEN transfer_ok IS NOT NULL THEN 'succeeded' ELSE state END,
                finished = CASE WHEN transfer_ok IS NOT NULL THEN @Now ELSE finished END
            WHERE campaign_id = @CampaignId AND command_key = @Key AND state = 'inProgress' AND version_seen IS NULL
              AND queued <= @Now
            """, new { CampaignId = campaignId, Key = commandKey, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The attempt failed: the device goes back to pending for a retry at <paramref name="retryAt"/> while
    /// attempts remain, else it has failed. Returns the new state, or null when the attempt was not in flight.</summary>
    public async Task<string?> FailAttemptAsync(long campaignId, string? deviceId, string commandKey, string fault, int maxAttempts, long retryAt, long now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(database.Dialect.FailCampaignAttempt, new { CampaignId = campaignId, DeviceId = deviceId, Key = commandKey, Fault = fault, MaxAttempts = maxAttempts, RetryAt = retryAt, Now = now },
            cancellationToken: cancellationToken));
    }

    /// <summary>The attempt's Download never reached the device (withdrawn, or expired unsent when the window closed):
    /// the device is pending again and the attempt is not counted.</summary>
    public async Task<bool> WithdrawAsync(long campaignId, string commandKey, string reason, CancellationToken cancellationToken,
        long? notBefore = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaign_devices SET state = 'pending', attempts = attempts - 1, command_key = NULL, task_id = NULL,
                queued = NULL, reason = @Reason, not_before = @NotBefore
            WHERE campaign_id = @CampaignId AND command_key = @Key AND state = 'inProgress'
            """, new { CampaignId = campaignId, Key = commandKey, Reason = reason, NotBefore = notBefore }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>A pending device found on the target version before its next attempt (upgraded meanwhile): succeeded
    /// when an earlier attempt of ours may have done it, skipped when none was made.</summary>
    public async Task<bool> FinishPendingOnTargetAsync(long campaignId, string deviceId, int attempts, string reason, long now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaign_devices SET state = CASE WHEN attempts > 0 THEN 'succeeded' ELSE 'skipped' END, reason = @Reason,
                finished = @Now, not_before = NULL, phase = CASE WHEN attempts > 0 THEN phase ELSE NULL END
            WHERE campaign_id = @CampaignId AND device_id = @DeviceId AND state = 'pending' AND attempts = @Attempts
            """, new { CampaignId = campaignId, DeviceId = deviceId, Attempts = attempts, Reason = reason, Now = now },
            cancellationToken: cancellationToken)) == 1;
    }
}
