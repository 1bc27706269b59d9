using Dapper;

namespace TR069Acs.Server.Storage;

/// <summary>Per-device session leases shared by every ACS node on the database (DESIGN §4).</summary>
internal sealed class LeaseStore(AcsDatabase database)
{
    /// <summary>Takes or renews the lease for <paramref name="node"/> for <paramref name="durationMs"/>; false when another
    /// node holds an unexpired one. <paramref name="now"/> is the node's clock, used only where the database is the
    /// node's own (SQLite); a shared database's clock decides otherwise (<see cref="SqlDialect.NowMs"/>).</summary>
    public async Task<bool> TryTakeAsync(string deviceId, string node, long durationMs, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Dialect.TakeLease,
            new { DeviceId = deviceId, Node = node, DurationMs = durationMs, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Releases this node's lease (no-op when it has none).</summary>
    public async Task ReleaseAsync(string deviceId, string node, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE device_id = @DeviceId AND node = @Node", new { DeviceId = deviceId, Node = node }, cancellationToken: cancellationToken));
    }
}
