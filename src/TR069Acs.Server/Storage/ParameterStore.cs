using System.Data.Common;
using Dapper;
using TR069Acs.Cwmp;
using TR069Acs.Server.Security;

namespace TR069Acs.Server.Storage;

/// <summary>The stored parameter tree of each device. Values of secret parameters (<see cref="StoredSecrets.IsSecretParameter(string)"/>)
/// are stored encrypted and read back in plaintext.</summary>
internal sealed class ParameterStore(AcsDatabase database, StoredSecrets secrets)
{
    public async Task<IReadOnlyList<ParameterRow>> ListAsync(string deviceId, string? prefix, CancellationToken cancellationToken = default)
    {
        var sql = "SELECT name, value, type, writable, notification, access_list, updated FROM device_parameters WHERE device_id = @DeviceId";
        if (!string.IsNullOrEmpty(prefix))
        {
            sql += " AND name >= @Prefix AND name < @PrefixEnd";
        }
        sql += " ORDER BY name";
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ParameterRow>(new CommandDefinition(sql, new
        {
            DeviceId = deviceId,
            Prefix = prefix,
            PrefixEnd = string.IsNullOrEmpty(prefix) ? null : PrefixRange.UpperBound(prefix),
        }, cancellationToken: cancellationToken));
        var list = rows.AsList();
        foreach (var row in list)
        {
            row.Value = secrets.UnprotectParameter(row.Name, row.Value);
        }
        return list;
    }

    /// <summary>The device's first stored parameter name in ordinal order, which starts with the root object it informs
    /// under (<c>Device.</c> sorts before <c>InternetGatewayDevice.</c>); null when nothing is stored.</summary>
    public async Task<string?> FirstNameAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MIN(name) FROM device_parameters WHERE device_id = @DeviceId", new { DeviceId = deviceId }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores values (GetParameterValues results, applied SetParameterValues) inside a caller's transaction.</summary>
    public Task WriteValuesAsync(DbConnection connection, DbTransaction transaction, string deviceId,
        IReadOnlyList<ParameterValue> values, long updated, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertParameterValue,
            values.Select(v => new { DeviceId = deviceId, v.Name, Value = secrets.ProtectParameter(v.Name, v.Value), v.Type, Updated = updated }), transaction,
            cancellationToken: cancellationToken));

    /// <summary>Stores the tree and writability of a GetParameterNamesResponse inside a caller's transaction.</summary>
    public Task WriteNamesAsync(DbConnection connection, DbTransaction transaction, string deviceId,
        IReadOnlyList<ParameterInfo> names, long updated, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertParameterWritable,
            names.Select(n => new { DeviceId = deviceId, n.Name, Writable = n.Writable ? 1 : 0, Updated = updated }), transaction,
            cancellationToken: cancellationToken));

    /// <summary>Stores notification and access list attributes inside a caller's transaction.</summary>
    public Task WriteAttributesAsync(DbConnection connection, DbTransaction transaction, string deviceId,
        IEnumerable<StoredAttribute> attributes, long updated, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertParameterAttributes,
            attributes.Select(a => new { DeviceId = deviceId, a.Name, a.Notification, a.AccessList, Updated = updated }), transaction,
            cancellationToken: cancellationToken));

    /// <summary>Removes a deleted object instance and everything under it.</summary>
    public Task DeleteSubtreeAsync(DbConnection connection, DbTransaction transaction, string deviceId, string objectPath,
        CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM device_parameters WHERE device_id = @DeviceId AND name >= @Prefix AND name < @PrefixEnd",
            new { DeviceId = deviceId, Prefix = objectPath, PrefixEnd = PrefixRange.UpperBound(objectPath) }, transaction,
            cancellationToken: cancellationToken));
}

/// <summary>An attribute change to store: null members are left as they are.</summary>
internal sealed record StoredAttribute(string Name, int? Notification, string? AccessList);
