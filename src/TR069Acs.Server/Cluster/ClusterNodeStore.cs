using System.Data.Common;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>The <c>cluster_nodes</c> table (migration 015): one row per node id, refreshed by its heartbeat.</summary>
/// <remarks><c>last_seen</c> is written and compared by the database's clock where the database has one for us
/// (<see cref="SqlDialect.NowMs"/>: PostgreSQL, SQL Server), as leases are: a node whose clock runs ahead or behind
/// neither drops its peers from <c>/api/health</c> nor stays listed after it stopped beating. On SQLite (nodes on one
/// host) the node's clock is the database's.</remarks>
internal sealed class ClusterNodeStore(AcsDatabase database)
{
    private const string Columns = "id, instance, version, cwmp_url, api_url, started, last_seen, stopped";

    /// <summary>Writes this node's row (a plain UPDATE, else INSERT: portable, and one writer per id).</summary>
    public async Task BeatAsync(ClusterNodeRow row, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var update = $"""
            UPDATE cluster_nodes SET instance = @Instance, version = @Version, cwmp_url = @CwmpUrl, api_url = @ApiUrl,
                started = @Started, last_seen = {database.Dialect.NowMs ?? "@LastSeen"}, stopped = 0
            WHERE id = @Id
            """;
        if (await connection.ExecuteAsync(new CommandDefinition(update, row, cancellationToken: cancellationToken)) > 0)
        {
            return;
        }
        try
        {
            await connection.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO cluster_nodes ({Columns})
                VALUES (@Id, @Instance, @Version, @CwmpUrl, @ApiUrl, @Started, {database.Dialect.NowMs ?? "@LastSeen"}, 0)
                """, row, cancellationToken: cancellationToken));
        }
        catch (DbException)
        {
            // Inserted meanwhile by a start with the same id: the update wins.
            await connection.ExecuteAsync(new CommandDefinition(update, row, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Marks this run of the node stopped (a clean shutdown).</summary>
    public async Task StoppedAsync(string id, string instance, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE cluster_nodes SET stopped = @Now, last_seen = {database.Dialect.NowMs ?? "@Now"} WHERE id = @Id AND instance = @Instance",
            new { Id = id, Instance = instance, Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>The row of node <paramref name="id"/> if that node runs and was seen within <paramref name="windowMs"/>
    /// (by the database's clock where it has one, else <paramref name="now"/>).</summary>
    public async Task<ClusterNodeRow?> GetRecentAsync(string id, long now, long windowMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClusterNodeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cluster_nodes WHERE id = @Id AND {Recent(database.Dialect)}",
            new { Id = id, Now = now, Window = windowMs }, cancellationToken: cancellationToken));
    }

    /// <summary>Nodes running and seen within <paramref name="windowMs"/> (by the database's clock where it has one,
    /// else <paramref name="now"/>), by id, on an open connection.</summary>
    public static async Task<IReadOnlyList<ClusterNodeRow>> RecentAsync(DbConnection connection, SqlDialect dialect, long now, long windowMs,
        CancellationToken cancellationToken)
        => (await connection.QueryAsync<ClusterNodeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cluster_nodes WHERE {Recent(dialect)} ORDER BY id",
            new { Now = now, Window = windowMs }, cancellationToken: cancellationToken))).AsList();

    private static string Recent(SqlDialect dialect) => $"stopped = 0 AND last_seen >= {dialect.NowMs ?? "@Now"} - @Window";
}

/// <summary>A row of <c>cluster_nodes</c>.</summary>
internal sealed class ClusterNodeRow
{
    public string Id { get; init; } = "";
    public string Instance { get; init; } = "";
    public string Version { get; init; } = "";
    public string CwmpUrl { get; init; } = "";
    public string ApiUrl { get; init; } = "";
    public long Started { get; init; }
    public long LastSeen { get; init; }
    public long Stopped { get; init; }
}
