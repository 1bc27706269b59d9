using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>The <c>changes</c> table (migration 015): what each node changed, for the other nodes' caches.</summary>
internal sealed class ClusterChangeStore(AcsDatabase database)
{
    /// <summary>One change as a node reads it back.</summary>
    public sealed class Change
    {
        public long Id { get; init; }
        public string Node { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Key { get; init; } = "";
    }

    /// <summary>The PostgreSQL channel a node notifies after recording a change (<see cref="ClusterChangeListener"/>).</summary>
    public const string Channel = "acs_changes";

    /// <summary>Records a change made by <paramref name="instance"/>; on PostgreSQL also notifies <see cref="Channel"/> in
    /// the same statement, delivered to the listening nodes when the row commits (so they read it at once).</summary>
    /// <remarks>"key" is quoted: KEY is reserved in T-SQL; the quotes mean the same column on every provider.</remarks>
    public async Task AppendAsync(string instance, string kind, string key, long now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var notify = database.Dialect.Notify(Channel);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO changes (node, kind, \"key\", at) VALUES (@Node, @Kind, @Key, @At)" + notify,
            new { Node = instance, Kind = kind, Key = key, At = now }, cancellationToken: cancellationToken));
    }

    /// <summary>The newest id (0 when the table is empty): where a starting node begins to read.</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) FROM changes", cancellationToken: cancellationToken));
    }

    /// <summary>Changes with an id above <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Change>> ReadAfterAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Change>(new CommandDefinition(
            "SELECT id, node, kind, \"key\" FROM changes WHERE id > @After ORDER BY id" + database.Dialect.Paging,
            new { After = after, Limit = limit, Offset = 0 }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Deletes changes recorded before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneAsync(long before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM changes WHERE at < @Before", new { Before = before },
            cancellationToken: cancellationToken));
    }
}
