using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace TR069Acs.Server.Configuration;

internal sealed partial class ConfigStore
{
    /// <summary>The versions of a scope, newest first; <paramref name="before"/> pages (the last version of the previous page).</summary>
    public async Task<IReadOnlyList<ConfigVersion>> GetHistoryAsync(ConfigScope scope, int? before, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(database.Dialect.Limit($"""
            SELECT {HistoryColumns} FROM config_history
            WHERE scope_kind = @Kind AND scope_key = @Key AND version < @Before
            ORDER BY version DESC
            """, "@Limit"), new { Kind = scope.KindName, scope.Key, Before = before ?? int.MaxValue, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToVersion())];
    }

    /// <summary>One version of a scope with the values it held (plaintext, secrets included: never shown as such).</summary>
    public async Task<(ConfigVersion Version, Dictionary<string, string> Values)?> GetVersionAsync(ConfigScope scope, int version,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<HistoryRow>(new CommandDefinition(
            $"SELECT {HistoryColumns}, snapshot FROM config_history WHERE scope_kind = @Kind AND scope_key = @Key AND version = @Version",
            new { Kind = scope.KindName, scope.Key, Version = version }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }
        var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Snapshot ?? "{}") ?? [];
        return (row.ToVersion(), stored.ToDictionary(p => p.Key, p => secrets.UnprotectSetting(p.Key, p.Value)!, StringComparer.Ordinal));
    }

    /// <summary>The scope's latest version, 0 when it has none.</summary>
    public async Task<int> GetLatestVersionAsync(ConfigScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM config_history WHERE scope_kind = @Kind AND scope_key = @Key",
            new { Kind = scope.KindName, scope.Key }, cancellationToken: cancellationToken));
    }

    private const string HistoryColumns = "version, time, actor, action, rolled_back_to, diff, devices";

    private async Task<int> AppendHistoryAsync(DbConnection connection, DbTransaction transaction, ConfigScope scope, ConfigHistoryDraft draft,
        long now, CancellationToken cancellationToken)
    {
        var key = new { Kind = scope.KindName, scope.Key };
        var version = 1 + await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM config_history WHERE scope_kind = @Kind AND scope_key = @Key", key, transaction,
            cancellationToken: cancellationToken));
        var snapshot = draft.Values.ToDictionary(p => p.Key, p => secrets.ProtectSetting(p.Key, p.Value)!, StringComparer.Ordinal);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO config_history (scope_kind, scope_key, version, time, actor, action, rolled_back_to, diff, snapshot, devices)
            VALUES (@Kind, @Key, @Version, @Now, @Actor, @Action, @RolledBackTo, @Diff, @Snapshot, @Devices)
            """, new
        {
            key.Kind,
            key.Key,
            Version = version,
            Now = now,
            draft.Actor,
            draft.Action,
            draft.RolledBackTo,
            Diff = JsonSerializer.Serialize(draft.MaskedDiff, HistoryJson),
            Snapshot = JsonSerializer.Serialize(new SortedDictionary<string, string>(snapshot, StringComparer.Ordinal)),
            draft.Devices,
        }, transaction, cancellationToken: cancellationToken));
        return version;
    }

    private static readonly JsonSerializerOptions HistoryJson = new(JsonSerializerDefaults.Web);

    private sealed class HistoryRow
    {
        public long Version { get; init; }
        public long Time { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public long? RolledBackTo { get; init; }
        public string Diff { get; init; } = "[]";
        public long Devices { get; init; }
        public string? Snapshot { get; init; }

        public ConfigVersion ToVersion() => new((int)Version, DateTimeOffset.FromUnixTimeMilliseconds(Time), Actor, Action,
            RolledBackTo is null ? null : (int)RolledBackTo, JsonSerializer.Deserialize<List<ConfigChange>>(Diff, HistoryJson) ?? [], (int)Devices);
    }
}
