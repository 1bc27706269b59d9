using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace TR069Acs.Server.Storage.Copy;

/// <summary>One table's shape as a provider's catalog describes it.</summary>
/// <param name="Name">The table, as the catalog spells it.</param>
/// <param name="Columns">Its columns in definition order, as the catalog spells them.</param>
/// <param name="PrimaryKey">Its primary key columns in key order (empty: none).</param>
/// <param name="Identity">Columns whose value the database generates (SQLite AUTOINCREMENT needs nothing; PostgreSQL
/// identity and serial columns get their sequence moved past the copied ids; SQL Server needs IDENTITY_INSERT).</param>
/// <param name="AlwaysIdentity">A PostgreSQL <c>GENERATED ALWAYS</c> identity: inserts need <c>OVERRIDING SYSTEM VALUE</c>.</param>
internal sealed record TableShape(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> PrimaryKey, IReadOnlyList<string> Identity, bool AlwaysIdentity);

/// <summary>What <c>acs db copy</c> needs to know of a provider beyond portable SQL: its catalog (tables, columns, keys,
/// foreign keys), how to read one consistent snapshot, and how generated ids continue after explicit ones. The
/// defaults use <c>information_schema</c> (PostgreSQL and SQL Server both have it); SQLite overrides them.</summary>
/// <remarks>Kept beside the copy until the <c>SqlDialect</c> seam (issue 10 §1) lands; then these members belong in
/// <c>SqlDialect.Copy.cs</c>, overridden the same way.</remarks>
internal class CopyCatalog
{
    /// <summary>The catalog of <paramref name="database"/>'s provider.</summary>
    public static CopyCatalog For(AcsDatabase database) => database.Dialect.Provider switch
    {
        "sqlite" => new SqliteCopyCatalog(),
        "postgres" => new PostgresCopyCatalog(),
        "sqlserver" => new SqlServerCopyCatalog(),
        var other => throw new InvalidOperationException($"acs db copy does not know the provider '{other}'."),
    };

    /// <summary>SQL for the schema tables live in.</summary>
    protected virtual string CurrentSchema => "current_schema()";

    /// <summary>True when any value goes into any column (SQLite): values are written as read, not converted.</summary>
    public virtual bool Typeless => false;

    /// <summary>Quotes an identifier as the catalog spells it.</summary>
    public virtual string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The base tables of the database.</summary>
    public virtual async Task<IReadOnlyList<string>> TablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        => (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = {CurrentSchema} AND table_type = 'BASE TABLE'",
            transaction: transaction, cancellationToken: cancellationToken))).ToList();

    /// <summary>The shape of <paramref name="table"/>.</summary>
    public virtual async Task<TableShape> ShapeAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        var columns = (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT column_name FROM information_schema.columns WHERE table_schema = {CurrentSchema} AND table_name = @table ORDER BY ordinal_position",
            new { table }, transaction, cancellationToken: cancellationToken))).ToList();
        var key = (await connection.QueryAsync<string>(new CommandDefinition(
            $"""
            SELECT k.column_name FROM information_schema.table_constraints c
            JOIN information_schema.key_column_usage k
              ON k.constraint_name = c.constraint_name AND k.constraint_schema = c.constraint_schema AND k.table_name = c.table_name
            WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = {CurrentSchema} AND c.table_name = @table
            ORDER BY k.ordinal_position
            """,
            new { table }, transaction, cancellationToken: cancellationToken))).ToList();
        var (identity, always) = await IdentityAsync(connection, transaction, table, cancellationToken);
        return new TableShape(table, columns, key, identity, always);
    }

    /// <summary>The generated-id columns of <paramref name="table"/>.</summary>
    protected virtual Task<(IReadOnlyList<string> Columns, bool Always)> IdentityAsync(
        DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
        => Task.FromResult<(IReadOnlyList<string>, bool)>(([], false));

    /// <summary>(table, the table it references) for every foreign key: referenced tables are filled first.</summary>
    public virtual async Task<IReadOnlyList<(string Table, string References)>> ForeignKeysAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        => (await connection.QueryAsync<(string, string)>(new CommandDefinition(
            $"""
            SELECT f.table_name, p.table_name FROM information_schema.referential_constraints r
            JOIN information_schema.table_constraints f ON f.constraint_name = r.constraint_name AND f.constraint_schema = r.constraint_schema
            JOIN information_schema.table_constraints p ON p.constraint_name = r.unique_constraint_name AND p.constraint_schema = r.unique_constraint_schema
            WHERE f.table_schema = {CurrentSchema}
            """,
            transaction: transaction, cancellationToken: cancellationToken))).ToList();

    /// <summary>A transaction in which every read sees the database as of one instant, without blocking its writers (a
    /// running ACS keeps serving while it is copied).</summary>
    public virtual async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
        => await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>The start of a multi-row INSERT into <paramref name="shape"/>'s table, up to <c>VALUES</c>.</summary>
    public virtual string InsertInto(TableShape shape, IEnumerable<string> columns)
        => $"INSERT INTO {Quote(shape.Name)} ({string.Join(", ", columns.Select(Quote))}) VALUES ";

    /// <summary>Runs before rows with explicit generated ids are inserted in <paramref name="transaction"/>.</summary>
    public virtual Task BeforeInsertAsync(DbConnection connection, DbTransaction transaction, TableShape shape, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>Runs after them in the same transaction.</summary>
    public virtual Task AfterInsertAsync(DbConnection connection, DbTransaction transaction, TableShape shape, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>Makes generated ids continue after the highest copied one.</summary>
    public virtual Task ContinueIdentityAsync(DbConnection connection, TableShape shape, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>Removes every row of a table this copy filled (a partial copy it marked as its own).</summary>
    public virtual string Empty(TableShape shape) => $"DELETE FROM {Quote(shape.Name)}";
}

/// <summary>SQLite: <c>sqlite_master</c> and the table-valued pragmas; a deferred transaction reads one snapshot (WAL)
/// without taking the write lock; AUTOINCREMENT keeps <c>sqlite_sequence</c> past explicit ids by itself.</summary>
internal sealed class SqliteCopyCatalog : CopyCatalog
{
    /// <inheritdoc />
    public override bool Typeless => true;

    /// <inheritdoc />
    public override async Task<IReadOnlyList<string>> TablesAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
        => (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            transaction: transaction, cancellationToken: cancellationToken))).ToList();

    /// <inheritdoc />
    public override async Task<TableShape> ShapeAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        var columns = (await connection.QueryAsync<(string Name, long Pk)>(new CommandDefinition(
            "SELECT name, pk FROM pragma_table_info(@table) ORDER BY cid", new { table }, transaction, cancellationToken: cancellationToken))).ToList();
        return new TableShape(table, columns.Select(c => c.Name).ToList(),
            columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList(), [], false);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<(string Table, string References)>> ForeignKeysAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var result = new List<(string, string)>();
        foreach (var table in await TablesAsync(connection, transaction, cancellationToken))
        {
            foreach (var referenced in await connection.QueryAsync<string>(new CommandDefinition(
                         "SELECT \"table\" FROM pragma_foreign_key_list(@table)", new { table }, transaction, cancellationToken: cancellationToken)))
            {
                result.Add((table, referenced));
            }
        }
        return result;
    }

    /// <inheritdoc />
    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
        // BEGIN DEFERRED: the snapshot starts at the first read; BEGIN IMMEDIATE would hold the write lock of a running ACS.
        => Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: true));
}

/// <summary>PostgreSQL: identity and serial columns; sequences are set past the copied ids with <c>setval</c>.</summary>
internal sealed class PostgresCopyCatalog : CopyCatalog
{
    /// <inheritdoc />
    protected override async Task<(IReadOnlyList<string> Columns, bool Always)> IdentityAsync(
        DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(string Name, string? Generation)>(new CommandDefinition(
            """
            SELECT column_name, identity_generation FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @table AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
            """,
            new { table }, transaction, cancellationToken: cancellationToken))).ToList();
        return (rows.Select(r => r.Name).ToList(), rows.Any(r => string.Equals(r.Generation, "ALWAYS", StringComparison.OrdinalIgnoreCase)));
    }

    /// <inheritdoc />
    public override string InsertInto(TableShape shape, IEnumerable<string> columns)
        => shape.AlwaysIdentity
            ? $"INSERT INTO {Quote(shape.Name)} ({string.Join(", ", columns.Select(Quote))}) OVERRIDING SYSTEM VALUE VALUES "
            : base.InsertInto(shape, columns);

    /// <inheritdoc />
    public override async Task ContinueIdentityAsync(DbConnection connection, TableShape shape, CancellationToken cancellationToken)
    {
        foreach (var column in shape.Identity)
        {
            // setval(seq, max, true): the next id is max + 1; an empty table restarts at 1 (is_called false).
            await connection.ExecuteAsync(new CommandDefinition(
                $"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE(MAX({Quote(column)}), 1), MAX({Quote(column)}) IS NOT NULL) FROM {Quote(shape.Name)}",
                new { table = Quote(shape.Name), column }, cancellationToken: cancellationToken));
        }
    }
}

/// <summary>SQL Server: bracket quoting, <c>SCHEMA_NAME()</c>, IDENTITY_INSERT while ids are copied (SQL Server moves the
/// identity past the highest inserted value itself), snapshot isolation for the consistent read.</summary>
internal sealed class SqlServerCopyCatalog : CopyCatalog
{
    /// <inheritdoc />
    protected override string CurrentSchema => "SCHEMA_NAME()";

    /// <inheritdoc />
    public override string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    /// <inheritdoc />
    protected override async Task<(IReadOnlyList<string> Columns, bool Always)> IdentityAsync(
        DbConnection connection, DbTransaction? transaction, string table, CancellationToken cancellationToken)
        => ((await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT c.name FROM sys.identity_columns c WHERE c.object_id = OBJECT_ID(QUOTENAME(SCHEMA_NAME()) + '.' + QUOTENAME(@table))",
            new { table }, transaction, cancellationToken: cancellationToken))).ToList(), false);

    /// <inheritdoc />
    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
        => await connection.BeginTransactionAsync(IsolationLevel.Snapshot, cancellationToken);

    /// <inheritdoc />
    public override async Task BeforeInsertAsync(DbConnection connection, DbTransaction transaction, TableShape shape, CancellationToken cancellationToken)
    {
        if (shape.Identity.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition($"SET IDENTITY_INSERT {Quote(shape.Name)} ON", transaction: transaction, cancellationToken: cancellationToken));
        }
    }

    /// <inheritdoc />
    public override async Task AfterInsertAsync(DbConnection connection, DbTransaction transaction, TableShape shape, CancellationToken cancellationToken)
    {
        if (shape.Identity.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition($"SET IDENTITY_INSERT {Quote(shape.Name)} OFF", transaction: transaction, cancellationToken: cancellationToken));
        }
    }
}
