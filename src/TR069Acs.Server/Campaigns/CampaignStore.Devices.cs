using Dapper;

namespace TR069Acs.Server.Campaigns;

internal sealed partial class CampaignStore
{
    private const string DeviceColumns = """
        campaign_id, device_id, seq, phase, state, attempts, command_key, task_id, transfer_ok, version_seen,
        last_fault, reason, not_before, queued, started, finished
        """;

    /// <summary>Stores the members resolved at start and marks the campaign running, in one transaction; false (and
    /// nothing stored) when the campaign was no longer scheduled.</summary>
    public async Task<bool> StartAsync(long campaignId, IReadOnlyList<Member> members, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var started = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns SET status = 'running', started = @Now WHERE id = @Id AND status = 'scheduled'",
            new { Id = campaignId, Now = now }, transaction, cancellationToken: cancellationToken));
        if (started != 1)
        {
            return false;
        }
        var rows = members.Select((m, i) => new
        {
            CampaignId = campaignId,
            m.DeviceId,
            Seq = i + 1,
            m.Phase,
            State = m.SkipReason is null ? DeviceState.Pending : DeviceState.Skipped,
            Reason = m.SkipReason,
            Finished = m.SkipReason is null ? (long?)null : now,
        });
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaign_devices (campaign_id, device_id, seq, phase, state, attempts, reason, finished)
            VALUES (@CampaignId, @DeviceId, @Seq, @Phase, @State, 0, @Reason, @Finished)
            """, rows, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The counts of one campaign.</summary>
    public async Task<CampaignCounts> CountsAsync(long campaignId, CancellationToken cancellationToken)
        => (await CountsAsync([campaignId], cancellationToken)).GetValueOrDefault(campaignId, CampaignCounts.None);

    /// <summary>The counts of several campaigns, in one grouped query.</summary>
    public async Task<Dictionary<long, CampaignCounts>> CountsAsync(IReadOnlyCollection<long> campaignIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, CampaignCounts>();
        if (campaignIds.Count == 0)
        {
            return result;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long CampaignId, string State, long Count)>(new CommandDefinition(
            $"SELECT campaign_id, state, COUNT(*) FROM campaign_devices WHERE {database.Dialect.InList("campaign_id", "@Ids")} GROUP BY campaign_id, state",
            new { Ids = campaignIds.ToArray() }, cancellationToken: cancellationToken));
        foreach (var group in rows.GroupBy(r => r.CampaignId))
        {
            long Of(string state) => group.Where(r => r.State == state).Sum(r => r.Count);
            result[group.Key] = new CampaignCounts(group.Sum(r => r.Count), Of(DeviceState.Pending), Of(DeviceState.InProgress),
                Of(DeviceState.Succeeded), Of(DeviceState.Failed), Of(DeviceState.Skipped));
        }
        return result;
    }

    /// <summary>A page of a campaign's devices in selection order, optionally of one state.</summary>
    public async Task<IReadOnlyList<CampaignDeviceRow>> ListDevicesAsync(long campaignId, string? state, int limit, int offset,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignDeviceRow>(new CommandDefinition(
            $"SELECT {DeviceColumns} FROM campaign_devices WHERE campaign_id = @CampaignId"
            + (state is null ? "" : " AND state = @State") + " ORDER BY seq" + database.Dialect.Paging,
            new { CampaignId = campaignId, State = state, Limit = limit, Offset = offset }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>One device of a campaign.</summary>
    public async Task<CampaignDeviceRow?> GetDeviceAsync(long campaignId, string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CampaignDeviceRow>(new CommandDefinition(
            $"SELECT {DeviceColumns} FROM campaign_devices WHERE campaign_id = @CampaignId AND device_id = @DeviceId",
            new { CampaignId = campaignId, DeviceId = deviceId }, cancellationToken: cancellationToken));
    }

    /// <summary>Every device with an attempt in flight, in any campaign (to seed the in-memory set at start).</summary>
    public async Task<IReadOnlyList<string>> InProgressDeviceIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT device_id FROM campaign_devices WHERE state = 'inProgress'", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The device's attempts in flight with their campaigns' target versions (usually zero or one).</summary>
    public async Task<IReadOnlyList<(long CampaignId, string CommandKey, string TargetVersion)>> InProgressForDeviceAsync(string deviceId,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, string, string)>(new CommandDefinition("""
            SELECT cd.campaign_id, cd.command_key, c.target_version
            FROM campaign_devices cd JOIN campaigns c ON c.id = cd.campaign_id
            WHERE cd.device_id = @DeviceId AND cd.state = 'inProgress' AND cd.command_key IS NOT NULL
            """, new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Devices that are members of another unfinished campaign and not yet finished there (a device takes
    /// part in one upgrade at a time).</summary>
    public async Task<Dictionary<string, long>> BusyElsewhereAsync(long campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string DeviceId, long CampaignId)>(new CommandDefinition("""
            SELECT cd.device_id, cd.campaign_id FROM campaign_devices cd JOIN campaigns c ON c.id = cd.campaign_id
            WHERE cd.campaign_id <> @CampaignId AND c.status IN ('running', 'paused') AND cd.state IN ('pending', 'inProgress')
            """, new { CampaignId = campaignId }, cancellationToken: cancellationToken));
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (deviceId, other) in rows)
        {
            result.TryAdd(deviceId, other);
        }
        return result;
    }
}
