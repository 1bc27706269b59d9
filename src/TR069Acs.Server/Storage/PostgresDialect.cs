using System.Data.Common;
using Dapper;
using Npgsql;

namespace TR069Acs.Server.Storage;

/// <summary>PostgreSQL (Npgsql). Shares the default statements (<c>ON CONFLICT</c>, <c>RETURNING</c>, <c>LIMIT</c>);
/// what it adds is what several nodes on one database need: a migration lock, the database's clock for leases and
/// expiries, and row locks that let concurrent claimers skip each other's rows.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    // pg_advisory_lock key of the migration lock: "TR069Acs" in ASCII as a 64-bit integer, so that no other
    // application's advisory locks on a shared server collide with it by accident.
    internal const long MigrationLockKey = 0x5452303639416373;

    /// <inheritdoc />
    public override string Provider => "postgres";

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <inheritdoc />
    public override async Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // A session-level lock: held across the per-migration transactions, released on dispose (or when the
        // connection dies, so a node killed while migrating never leaves the others waiting).
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key = MigrationLockKey }, cancellationToken: cancellationToken));
        return new AdvisoryLock(connection);
    }

    /// <inheritdoc />
    // A transaction-level advisory lock on a 64-bit hash of the key: released at commit or rollback.
    public override async Task LockAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken)
        => await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))", new { Key = key }, transaction,
            cancellationToken: cancellationToken));

    /// <inheritdoc />
    // statement_timestamp(): the start of the current statement. Not now(), the transaction's start, which a long
    // transaction would hold back; not clock_timestamp(), which moves within a statement, so that a task's creation time
    // and its expiry (two references in one INSERT) were a millisecond apart now and then.
    public override string? NowMs => "CAST(FLOOR(EXTRACT(EPOCH FROM statement_timestamp()) * 1000) AS BIGINT)";

    /// <inheritdoc />
    // Dapper sends a list to Npgsql as one array parameter.
    public override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    /// <inheritdoc />
    public override string InLowerCased(string column, string parameter) => $"LOWER({column}) = ANY({parameter})";

    /// <inheritdoc />
    public override string ForUpdate => " FOR UPDATE";

    /// <inheritdoc />
    public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc />
    public override string Notify(string channel) => $"; NOTIFY {channel}";

    /// <inheritdoc />
    public override string CreateMigrationsTable
        => "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)";

    /// <inheritdoc />
    // 55P03 lock_not_available, 40001 serialization_failure, 40P01 deadlock_detected, 57014 query_canceled (a
    // statement timeout): nothing was committed and the same request may succeed later.
    public override bool IsBusy(DbException exception) => exception is PostgresException { SqlState: "55P03" or "40001" or "40P01" or "57014" };

    /// <inheritdoc />
    // Class 22 data exception (value too long, bad encoding …), class 23 integrity constraint violation.
    public override bool IsPermanentDataError(DbException exception)
        => exception is PostgresException { SqlState: var state } && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal));

    private sealed class AdvisoryLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key = MigrationLockKey }));
            }
        }
    }
}
