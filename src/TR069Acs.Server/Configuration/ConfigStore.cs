using Dapper;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Configuration;

/// <summary>Configuration values per scope and device tags, in the database. Secret values (<see cref="StoredSecrets.IsSecretSetting"/>)
/// are stored encrypted and read back in plaintext.</summary>
internal sealed partial class ConfigStore(AcsDatabase database, StoredSecrets secrets)
{
    /// <summary>The values stored in one scope, by name.</summary>
    public async Task<Dictionary<string, string>> GetScopeAsync(ConfigScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, string Value)>(new CommandDefinition(
            "SELECT name, value FROM config_values WHERE scope_kind = @Kind AND scope_key = @Key ORDER BY name",
            new { Kind = scope.KindName, scope.Key }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Name, r => secrets.UnprotectSetting(r.Name, r.Value)!, StringComparer.Ordinal);
    }

    /// <summary>Writes a scope: <paramref name="replace"/> drops every value first (PUT); null values remove keys (PATCH).
    /// With <paramref name="history"/>, the new version is recorded in the same transaction; its number is returned (0 without).</summary>
    public async Task<int> WriteScopeAsync(ConfigScope scope, IReadOnlyDictionary<string, string?> values, bool replace, long now,
        CancellationToken cancellationToken = default, ConfigHistoryDraft? history = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One writer of a scope at a time on every provider: its version numbers (MAX + 1 below) stay unique.
        await database.Dialect.LockAsync(connection, transaction, $"config:{scope.KindName}:{scope.Key}", cancellationToken);
        var key = new { Kind = scope.KindName, scope.Key };
        if (replace)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM config_values WHERE scope_kind = @Kind AND scope_key = @Key", key, transaction, cancellationToken: cancellationToken));
        }
        foreach (var (name, value) in values)
        {
            if (value is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM config_values WHERE scope_kind = @Kind AND scope_key = @Key AND name = @Name",
                    new { key.Kind, key.Key, Name = name }, transaction, cancellationToken: cancellationToken));
                continue;
            }
            await connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertConfigValue, new { key.Kind, key.Key, Name = name, Value = secrets.ProtectSetting(name, value), Now = now }, transaction, cancellationToken: cancellationToken));
        }
        // After the writes above, which hold the database's write lock: the version is read and taken by one writer at a time.
        var version = history is null ? 0 : await AppendHistoryAsync(connection, transaction, scope, history, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>True when the scope holds at least one value.</summary>
    public async Task<bool> HasScopeAsync(ConfigScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM config_values WHERE scope_kind = @Kind AND scope_key = @Key",
            new { Kind = scope.KindName, scope.Key }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>A device's tags, in ordinal order (the order their scopes apply in).</summary>
    public async Task<IReadOnlyList<string>> GetTagsAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var tags = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT tag FROM device_tags WHERE device_id = @DeviceId", new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        return Sorted(tags);
    }

    /// <summary>The tags of several devices at once (a page of the device list).</summary>
    public async Task<Dictionary<string, IReadOnlyList<string>>> GetTagsAsync(IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (deviceIds.Count == 0)
        {
            return result;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string DeviceId, string Tag)>(new CommandDefinition(
            $"SELECT device_id, tag FROM device_tags WHERE {database.Dialect.InList("device_id", "@Ids")}", new { Ids = deviceIds.ToArray() }, cancellationToken: cancellationToken));
        foreach (var group in rows.GroupBy(r => r.DeviceId, StringComparer.Ordinal))
        {
            result[group.Key] = Sorted(group.Select(r => r.Tag));
        }
        return result;
    }

    /// <summary>Replaces a device's tags.</summary>
    public async Task SetTagsAsync(string deviceId, IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM device_tags WHERE device_id = @DeviceId", new { DeviceId = deviceId }, transaction, cancellationToken: cancellationToken));
        foreach (var tag in tags)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO device_tags (device_id, tag) VALUES (@DeviceId, @Tag)", new { DeviceId = deviceId, Tag = tag }, transaction,
                cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The devices a scope applies to: every device, the model's, the tag's, or the one device.</summary>
    public async Task<IReadOnlyList<DeviceRow>> DevicesInScopeAsync(ConfigScope scope, CancellationToken cancellationToken = default)
    {
        const string Columns = "d.id, d.oui, d.product_class, d.serial_number, d.manufacturer, d.software_version, d.mac_address, d.connection_request_url, d.last_inform";
        var sql = scope.Kind switch
        {
            ConfigScopeKind.Global => $"SELECT {Columns} FROM devices d",
            ConfigScopeKind.Model => $"SELECT {Columns} FROM devices d WHERE {database.Dialect.EqualsIgnoreCase("d.product_class", "@Key")}",
            ConfigScopeKind.Tag => $"SELECT {Columns} FROM devices d JOIN device_tags t ON t.device_id = d.id WHERE t.tag = @Key",
            _ => $"SELECT {Columns} FROM devices d WHERE d.id = @Key",
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeviceRow>(new CommandDefinition(sql + " ORDER BY d.id", new { scope.Key }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private static List<string> Sorted(IEnumerable<string> tags)
    {
        var list = tags.ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
