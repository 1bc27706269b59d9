using System.Data.Common;

namespace TR069Acs.Server.Storage;

/// <summary>What differs between database providers: connections, session settings, locks and the statements that
/// cannot be written portably (upserts, paging, generated keys, a few functions). Everything else is plain SQL in the
/// stores, and each table has one owning store.</summary>
/// <remarks>
/// Quartz.NET's <c>StdAdoDelegate</c> pattern: this class holds the defaults, and a provider overrides only what
/// differs. The defaults are written in the SQL that PostgreSQL and SQLite share — <c>INSERT … ON CONFLICT … DO UPDATE
/// SET x = excluded.x</c>, <c>RETURNING</c>, <c>LIMIT</c>/<c>OFFSET</c>, <c>||</c> — with the standard
/// <c>GREATEST</c>, <c>IS NOT DISTINCT FROM</c> and <c>LOWER</c> where SQLite has its own spelling
/// (<see cref="SqliteDialect"/> overrides those). A provider without <c>ON CONFLICT</c> (SQL Server) overrides the
/// statements themselves. Statements are grouped by feature area in the partial files <c>SqlDialect.&lt;Area&gt;.cs</c>.
/// </remarks>
internal abstract partial class SqlDialect
{
    /// <summary>Provider name (<c>sqlite</c>, <c>postgres</c>, <c>sqlserver</c>); migrations are the embedded
    /// resources <c>db/{Provider}/NNN_name.sql</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection settings applied after opening (e.g. SQLite pragmas); none by default.</summary>
    public virtual Task InitializeConnectionAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Database-wide settings applied once at start, outside any transaction (e.g. WAL mode); none by default.</summary>
    public virtual Task InitializeDatabaseAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Holds the database-wide migration lock on <paramref name="connection"/> until the returned handle is
    /// disposed, so that nodes starting together apply each migration once. The default takes none (one process owns
    /// the database, as SQLite's data directory lock guarantees).</summary>
    public virtual Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken)
        => Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    /// <summary>Serialises the transactions that name the same <paramref name="key"/> until <paramref name="transaction"/>
    /// ends (e.g. the writes of one configuration scope, which number its versions). The default takes nothing: a
    /// provider whose write transactions exclude each other (SQLite) is serialised already.</summary>
    public virtual Task LockAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>An SQL expression for "now" in Unix milliseconds as the database's clock tells it, for leases and
    /// expiries several nodes compare; null when the node's clock is authoritative (a single-node provider).</summary>
    public virtual string? NowMs => null;

    /// <summary>Appended to a SELECT inside a transaction to lock the rows it returns until the transaction ends (so a
    /// concurrent writer waits, then sees the new state); empty where a write transaction excludes every other writer
    /// anyway (SQLite).</summary>
    public virtual string ForUpdate => "";

    /// <summary>As <see cref="ForUpdate"/>, but rows another transaction holds are skipped rather than waited for (so
    /// concurrent claimers take different rows).</summary>
    public virtual string ForUpdateSkipLocked => "";

    /// <summary>A table hint written right after the table's name in such a SELECT, for providers that lock rows by hints
    /// rather than by a trailing clause (SQL Server: <c>WITH (UPDLOCK, ROWLOCK)</c>, plus <c>READPAST</c> when
    /// <paramref name="skipLocked"/>); empty elsewhere. Use it together with <see cref="ForUpdate"/> or
    /// <see cref="ForUpdateSkipLocked"/>.</summary>
    public virtual string RowLockHint(bool skipLocked) => "";

    /// <summary>Appended to a write to tell the nodes listening on <paramref name="channel"/> when it commits
    /// (PostgreSQL: <c>; NOTIFY channel</c>); empty where the provider has no notifications (the nodes poll).</summary>
    public virtual string Notify(string channel) => "";

    /// <summary><c>LIMIT @Limit OFFSET @Offset</c> or its equivalent; the statement has an ORDER BY.</summary>
    public virtual string Paging => " LIMIT @Limit OFFSET @Offset";

    /// <summary>The first <paramref name="count"/> rows of <paramref name="select"/> (a SELECT without paging; the
    /// count a literal or a parameter such as <c>@Limit</c>).</summary>
    public virtual string Limit(string select, string count) => $"{select} LIMIT {count}";

    /// <summary>The larger of two non-null expressions.</summary>
    public virtual string Greatest(string a, string b) => $"GREATEST({a}, {b})";

    /// <summary>A comparison that is true when both sides are equal or both are NULL.</summary>
    public virtual string NullSafeEquals(string a, string b) => $"{a} IS NOT DISTINCT FROM {b}";

    /// <summary><paramref name="column"/> equals <paramref name="parameter"/>, ignoring (at least ASCII) case.</summary>
    public virtual string EqualsIgnoreCase(string column, string parameter) => $"LOWER({column}) = LOWER({parameter})";

    /// <summary><paramref name="column"/> is one of the values of the list (an array) <paramref name="parameter"/>: Dapper
    /// expands <c>IN @List</c> into one parameter per value, except on providers with array parameters (PostgreSQL),
    /// where the list goes as one array.</summary>
    public virtual string InList(string column, string parameter) => $"{column} IN {parameter}";

    /// <summary><paramref name="column"/> is one of the list <paramref name="parameter"/>, ignoring (at least ASCII)
    /// case; the caller passes the list lower-cased.</summary>
    public virtual string InLowerCased(string column, string parameter) => $"LOWER({column}) IN {parameter}";

    /// <summary>Creates the <c>schema_migrations</c> table (version, name, applied) when it does not exist.</summary>
    public virtual string CreateMigrationsTable
        => "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)";

    /// <summary>True when <paramref name="exception"/> says the database is momentarily too busy (lock timeouts):
    /// nothing was written, and the same request may succeed later.</summary>
    public virtual bool IsBusy(DbException exception) => false;

    /// <summary>True when <paramref name="exception"/> refuses the data itself (constraint, type, size): repeating the
    /// same statement fails the same way.</summary>
    public virtual bool IsPermanentDataError(DbException exception) => false;

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
