using System.Text.Json;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Campaigns;

/// <summary>The campaign tables. Every change is committed before the caller goes on, and every state transition is
/// guarded by the state it leaves (<c>UPDATE … WHERE state = 'inProgress' AND command_key = @Key</c>), so a message
/// handled twice (a TransferComplete re-sent after a crash) changes nothing the second time.</summary>
internal sealed partial class CampaignStore(AcsDatabase database)
{
    /// <summary>How definitions are stored and echoed: camelCase, nulls written (the API shows every field).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = "id, name, firmware_id, target_version, definition, status, stop_reason, phase, created, started, finished";

    public AcsDatabase Database => database;

    public async Task<long> InsertAsync(CampaignDefinition definition, string targetVersion, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Dialect.InsertCampaign, new
        {
            definition.Name,
            definition.FirmwareId,
            TargetVersion = targetVersion,
            Definition = JsonSerializer.Serialize(definition, Json),
            Now = now,
        }, cancellationToken: cancellationToken));
    }

    public async Task<CampaignRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Campaigns, newest first.</summary>
    public async Task<IReadOnlyList<CampaignRow>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns ORDER BY id DESC" + database.Dialect.Paging,
            new { Limit = limit, Offset = 0 }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Campaigns not yet completed, stopped or cancelled.</summary>
    public async Task<IReadOnlyList<CampaignRow>> ListActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns WHERE status IN ('scheduled', 'running', 'paused') ORDER BY id", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The oldest campaign not yet finished that installs <paramref name="firmwareId"/>, if any.</summary>
    public async Task<CampaignRow?> FindActiveUsingAsync(string firmwareId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns WHERE firmware_id = @FirmwareId AND status IN ('scheduled', 'running', 'paused') ORDER BY id",
            new { FirmwareId = firmwareId.ToLowerInvariant() }, cancellationToken: cancellationToken));
    }

    /// <summary>Moves a campaign from one of <paramref name="from"/> to <paramref name="to"/>; false when it was in
    /// none of them (another caller moved it first). A final status records the finish time and the reason.</summary>
    public async Task<bool> TransitionAsync(long id, IReadOnlyList<string> from, string to, string? stopReason, long now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition($"""
            UPDATE campaigns SET status = @To,
                stop_reason = COALESCE(@StopReason, stop_reason),
                finished = CASE WHEN @Final = 1 THEN @Now ELSE finished END
            WHERE id = @Id AND {database.Dialect.InList("status", "@From")}
            """, new { Id = id, From = from.ToArray(), To = to, StopReason = stopReason, Final = CampaignStatus.IsFinal(to) ? 1 : 0, Now = now },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Advances a running campaign to <paramref name="phase"/> (from the phase before it).</summary>
    public async Task<bool> AdvancePhaseAsync(long id, int phase, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns SET phase = @Phase WHERE id = @Id AND phase = @Phase - 1",
            new { Id = id, Phase = phase }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The definition stored with a campaign.</summary>
    public static CampaignDefinition DefinitionOf(CampaignRow row)
        => JsonSerializer.Deserialize<CampaignDefinition>(row.Definition, Json)
            ?? throw new InvalidOperationException($"Campaign {row.Id} has no stored definition.");
}
