using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace TR069Acs.Server.Storage;

/// <summary>SQLite (Microsoft.Data.Sqlite): WAL journal, synchronous=NORMAL, a busy timeout, UPSERT and RETURNING (3.35+).
/// Overrides the functions SQLite spells its own way; one process owns the file (<see cref="DataDirectoryLock"/>), so
/// the node's clock is the database's and no migration lock is needed.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <inheritdoc />
    public override string Provider => "sqlite";

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <inheritdoc />
    public override async Task InitializeConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // synchronous=NORMAL is durable across application crashes in WAL mode (only an OS crash can lose the last
        // commits); busy_timeout lets the write-behind writer and task writes queue for the single write lock.
        // The busy timeout is 10 s, or the connection string's shorter "Default Timeout" (tests use 1 s).
        var busyMs = connection is SqliteConnection { DefaultTimeout: > 0 and < 10 } sqlite ? sqlite.DefaultTimeout * 1000 : 10_000;
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busyMs}; PRAGMA foreign_keys=OFF;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task InitializeDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the database file: readers (the API) never block the writer (sessions).
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override string Greatest(string a, string b) => $"MAX({a}, {b})";

    /// <inheritdoc />
    public override string NullSafeEquals(string a, string b) => $"{a} IS {b}";

    /// <inheritdoc />
    public override string EqualsIgnoreCase(string column, string parameter) => $"{column} = {parameter} COLLATE NOCASE";

    /// <inheritdoc />
    public override string InLowerCased(string column, string parameter) => $"{column} COLLATE NOCASE IN {parameter}";

    /// <inheritdoc />
    public override string CreateMigrationsTable
        => "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)";

    /// <inheritdoc />
    // SQLITE_BUSY / SQLITE_LOCKED past the busy timeout.
    public override bool IsBusy(DbException exception) => exception is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <inheritdoc />
    // SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_RANGE: the same batch fails the same way every time.
    public override bool IsPermanentDataError(DbException exception) => exception is SqliteException { SqliteErrorCode: 18 or 19 or 20 or 25 };

    /// <inheritdoc />
    public override async Task<object?> BeginSecretRewriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // An UPDATE leaves the old bytes in the page's free space, freed pages and the WAL: zero them as they are freed
        // (this pooled connection only, and only for this step).
        var previous = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA secure_delete", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON", cancellationToken: cancellationToken));
        return previous;
    }

    /// <inheritdoc />
    public override async Task EndSecretRewriteAsync(DbConnection connection, object? state, CancellationToken cancellationToken)
    {
        if (state is long previous)
        {
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA secure_delete = {previous}", cancellationToken: cancellationToken));
        }
    }

    /// <inheritdoc />
    public override bool CompactsAfterSecretRewrite => true;

    /// <inheritdoc />
    public override async Task<bool> CompactAfterSecretRewriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Rewritten rows can leave their old bytes in pages SQLite reuses without clearing (page splits): rebuild the
        // file once, then copy it out of the WAL and empty the WAL, which still holds the plaintext frames.
        await connection.ExecuteAsync(new CommandDefinition("VACUUM", commandTimeout: 0, cancellationToken: cancellationToken));
        var (busy, _, _) = await connection.QuerySingleAsync<(long Busy, long Log, long Checkpointed)>(new CommandDefinition(
            "PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: cancellationToken));
        return busy == 0;
    }
}
