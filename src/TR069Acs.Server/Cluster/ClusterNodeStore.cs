using System.Data.Common;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>The <c>cluster_nodes</c> table (migration 015): one row per node id, refreshed by its heartbeat.</summary>
internal sealed class ClusterNodeStore(AcsDatabase database)
{
    private const string Columns = "id, instance, version, cwmp_url, api_url, started, last_seen, stopped";

    /// <summary>Writes this node's row (a plain UPDATE, else INSERT: portable, and one writer per id).</summary>
    public async Task BeatAsync(ClusterNodeRow row, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        const string update = """
            UPDATE cluster_nodes SET instance = @Instance, version = @Version, cwmp_url = @CwmpUrl, api_url = @ApiUrl,
                started = @Started, last_seen = @LastSeen, stopped = 0
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
                VALUES (@Id, @Instance, @Version, @CwmpUrl, @ApiUrl, @Started, @LastSeen, 0)
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
            "UPDATE cluster_nodes SET stopped = @Now, last_seen = @Now WHERE id = @Id AND instance = @Instance",
            new { Id = id, Instance = instance, Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>The row of node <paramref name="id"/>, if any.</summary>
    public async Task<ClusterNodeRow?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClusterNodeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cluster_nodes WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Nodes running and seen at or after <paramref name="since"/>, by id, on an open connection.</summary>
    public static async Task<IReadOnlyList<ClusterNodeRow>> RecentAsync(DbConnection connection, long since, CancellationToken cancellationToken)
        => (await connection.QueryAsync<ClusterNodeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM cluster_nodes WHERE stopped = 0 AND last_seen >= @Since ORDER BY id",
            new { Since = since }, cancellationToken: cancellationToken))).AsList();
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
