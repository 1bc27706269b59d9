using System.Text;
using Dapper;
using TR069Acs.Server.Security;

namespace TR069Acs.Server.Storage;

/// <summary>Reads devices for the API and the session engine. Devices are written by <see cref="Devices.TelemetryWriter"/>.</summary>
internal sealed class DeviceStore(AcsDatabase database, SecretProtector protector)
{
    private const string Columns = """
        id, oui, product_class, serial_number, manufacturer, software_version, hardware_version, mac_address,
        connection_request_url, remote_address, cwmp_version, last_events, first_seen, last_inform
        """;

    public async Task<DeviceRow?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition(
            $"SELECT {Columns} FROM devices WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<DeviceRow>> ListAsync(DeviceQuery query, CancellationToken cancellationToken = default)
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM devices WHERE 1 = 1");
        if (query.ProductClass is not null)
        {
            sql.Append(" AND product_class = @ProductClass");
        }
        if (query.SoftwareVersion is not null)
        {
            sql.Append(" AND software_version = @SoftwareVersion");
        }
        if (query.SerialPrefix is not null)
        {
            sql.Append(" AND serial_number >= @SerialPrefix AND serial_number < @SerialEnd");
        }
        if (query.After is not null)
        {
            sql.Append(" AND id > @After");
        }
        if (query.ScopeTags is not null)
        {
            sql.Append($" AND id IN (SELECT device_id FROM device_tags WHERE {database.Dialect.InList("tag", "@ScopeTags")})");
        }
        sql.Append(" ORDER BY id").Append(database.Dialect.Paging);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DeviceRow>(new CommandDefinition(sql.ToString(), new
        {
            query.ProductClass,
            query.SoftwareVersion,
            query.SerialPrefix,
            SerialEnd = query.SerialPrefix is null ? null : PrefixRange.UpperBound(query.SerialPrefix),
            query.After,
            ScopeTags = query.ScopeTags?.ToArray(),
            query.Limit,
            Offset = query.After is null ? query.Offset : 0,
        }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The Connection Request credentials an operator set on the device by SetParameterValues, if any, and when.</summary>
    public async Task<(string? Username, string? Password, long Updated)> GetConnectionRequestCredentialsAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CredentialsRow>(new CommandDefinition(
            "SELECT username, password, updated FROM connection_request_credentials WHERE device_id = @DeviceId",
            new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        return (row?.Username, protector.Unprotect(row?.Password), row?.Updated ?? 0);
    }

    private sealed class CredentialsRow
    {
        public string? Username { get; init; }
        public string? Password { get; init; }
        public long Updated { get; init; }
    }
}
