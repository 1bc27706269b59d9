using Dapper;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Configuration;

/// <summary>The tables <c>device_config_state</c> (what each phone is known to hold of its configured values) and
/// <c>device_config_reconciled</c> (when its desired state was last reconciled). Secret values are stored protected.</summary>
internal sealed class PhoneConfigStateStore(AcsDatabase database, StoredSecrets secrets)
{
    /// <summary>What the ACS knows the device holds, by flat name.</summary>
    public async Task<Dictionary<string, PhoneConfigState>> GetAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PhoneConfigState>(new CommandDefinition(
            "SELECT name, value, origin, drifted, seen, confirmed FROM device_config_state WHERE device_id = @DeviceId",
            new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        var result = new Dictionary<string, PhoneConfigState>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            row.Value = secrets.UnprotectSetting(row.Name, row.Value) ?? "";
            result[row.Name] = row;
        }
        return result;
    }

    /// <summary>Writes what was learnt in one transaction. A drifted row keeps the time its desired value was last confirmed.</summary>
    public async Task WriteAsync(string deviceId, IReadOnlyCollection<PhoneConfigState> states, CancellationToken cancellationToken = default)
    {
        if (states.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertPhoneConfigState, states.Select(s => new
        {
            DeviceId = deviceId,
            s.Name,
            Value = secrets.ProtectSetting(s.Name, s.Value),
            s.Origin,
            Drifted = s.Drifted ? 1 : 0,
            s.Seen,
            s.Confirmed,
        }), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Forgets everything known of the device's values (a <c>0 BOOTSTRAP</c>: the phone is back to factory values).</summary>
    public async Task ForgetAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM device_config_state WHERE device_id = @DeviceId", new { DeviceId = deviceId }, cancellationToken: cancellationToken));
    }

    /// <summary>When the device's desired state was last reconciled (Unix ms), or null.</summary>
    public async Task<long?> ReconciledAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT reconciled FROM device_config_reconciled WHERE device_id = @DeviceId", new { DeviceId = deviceId }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a reconciliation of the device at <paramref name="now"/>.</summary>
    public async Task MarkReconciledAsync(string deviceId, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertReconciled, new { DeviceId = deviceId, Now = now }, cancellationToken: cancellationToken));
    }
}
