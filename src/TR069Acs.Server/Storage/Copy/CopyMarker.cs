using System.Data.Common;
using Dapper;

namespace TR069Acs.Server.Storage.Copy;

/// <summary>The table <c>acs_db_copy</c> that marks a target as the work of an unfinished <c>acs db copy</c>: which source
/// it copies (without password) and in which mode. While it exists a re-run of the same copy resumes (and may empty and
/// refill the tables of a copy into an empty target, which only ever held copied rows); the copy drops it once every
/// table is verified. It is not one of the migrations' tables and is never copied.</summary>
internal static class CopyMarker
{
    /// <summary>The marker table's name.</summary>
    public const string Table = "acs_db_copy";

    /// <summary>Mode of a copy that found the target empty: its tables hold copied rows only.</summary>
    public const string IntoEmpty = "empty";

    /// <summary>Mode of a copy with <c>--into-non-empty</c>: the target's own rows are kept, nothing is ever emptied.</summary>
    public const string IntoNonEmpty = "non-empty";

    /// <summary>The marker's entries (source, mode, started).</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
        => (await connection.QueryAsync<(string Name, string Value)>(new CommandDefinition(
            $"SELECT name, value FROM {Table}", cancellationToken: cancellationToken))).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    /// <summary>Creates the marker for a copy of <paramref name="source"/> in <paramref name="mode"/>.</summary>
    public static async Task CreateAsync(DbConnection connection, string source, string mode, CancellationToken cancellationToken)
    {
        // Portable DDL (SQLite, PostgreSQL and SQL Server all take it): the marker must exist on every provider.
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE {Table} (name VARCHAR(100) NOT NULL PRIMARY KEY, value VARCHAR(4000) NOT NULL)", cancellationToken: cancellationToken));
        foreach (var (name, value) in new[]
                 {
                     ("source", source), ("mode", mode),
                     ("started", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
                 })
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {Table} (name, value) VALUES (@name, @value)", new { name, value }, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Refuses to serve a database an <c>acs db copy</c> has not finished: some of its tables may be partly copied.</summary>
    /// <exception cref="UnfinishedCopyException">The marker is there.</exception>
    public static async Task ThrowIfUnfinishedAsync(AcsDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var tables = await CopyCatalog.For(database).TablesAsync(connection, null, cancellationToken);
        if (!tables.Contains(Table, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        var marker = await ReadAsync(connection, cancellationToken);
        throw new UnfinishedCopyException(
            $"this database holds an unfinished acs db copy of {marker.GetValueOrDefault("source", "another database")} (started "
            + $"{marker.GetValueOrDefault("started", "?")}; table {Table}): some tables may be partly copied. Run the same acs db copy again to "
            + "finish and verify it (it resumes), or start from an empty database.");
    }

    /// <summary>Drops the marker: the target is a finished, verified copy.</summary>
    public static Task DropAsync(DbConnection connection, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition($"DROP TABLE {Table}", cancellationToken: cancellationToken));
}
