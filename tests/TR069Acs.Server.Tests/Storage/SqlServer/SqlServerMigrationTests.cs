using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Storage.SqlServer;

/// <summary>The SQL Server migrations, checked without a server (issue 10 §2): each parses with Microsoft's T-SQL parser,
/// they create the same tables, columns and indexes as the SQLite ones, identifier columns compare case-sensitively, and
/// every index key fits SQL Server's limits.</summary>
public sealed class SqlServerMigrationTests
{
    private const string Binary = "Latin1_General_100_BIN2";

    private static readonly AcsDatabase SqlServer = new(new SqlServerDialect(), "Server=unused;Database=unused");

    public static TheoryData<int> Versions()
    {
        var data = new TheoryData<int>();
        foreach (var migration in Scripts())
        {
            data.Add(migration.Version);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Migration_parses_as_TSql(int version)
    {
        var migration = Scripts().Single(m => m.Version == version);

        foreach (var batch in MigrationRunner.SplitBatches(migration.Sql))
        {
            TSql.Parse(batch, $"schemas/db/sqlserver/{version:D3}_{migration.Name}.sql");
        }
    }

    [Fact]
    public void A_broken_script_is_reported_with_its_line()
    {
        // The parser really rejects what SQL Server would: SQLite's spellings fail here.
        TSql.TryParse("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL) WITHOUT ROWID;", out var errors);

        Assert.NotEmpty(errors);
        Assert.Equal(1, errors[0].Line);
    }

    [Fact]
    public void Migrations_have_the_numbers_and_names_of_the_SQLite_ones()
    {
        using var sqlite = new TestDatabase();

        Assert.Equal(sqlite.Migrations.Discover().Select(m => (m.Version, m.Name)), Scripts().Select(m => (m.Version, m.Name)));
    }

    [Fact]
    public async Task Tables_columns_and_indexes_are_those_of_the_SQLite_migrations()
    {
        using var sqlite = new TestDatabase();
        await sqlite.Migrations.ApplyAsync();
        await using var connection = await sqlite.Database.OpenAsync();
        var expectedColumns = (await connection.QueryAsync<(string Table, string Column)>("""
            SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'schema_migrations'
            """)).Select(c => $"{c.Table}.{c.Column}".ToUpperInvariant()).Order().ToList();
        var expectedIndexes = (await connection.QueryAsync<(string Table, string Index)>("""
            SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
            """)).Select(i => $"{i.Table}.{i.Index}".ToUpperInvariant()).Order().ToList();

        var schema = Schema();
        var columns = schema.Columns.Where(c => !c.Computed).Select(c => $"{c.Table}.{c.Name}".ToUpperInvariant()).Order().ToList();
        var indexes = schema.Indexes.Select(i => $"{i.Table}.{i.Name}".ToUpperInvariant()).Order().ToList();

        Assert.Equal(expectedColumns, columns);
        Assert.Equal(expectedIndexes, indexes);
        // The one computed column stands for SQLite's expression index.
        var computed = Assert.Single(schema.Columns, c => c.Computed);
        Assert.Equal(("devices", "mac_normalized"), (computed.Table, computed.Name));
    }

    [Fact]
    public void Every_character_column_of_the_ACS_tables_compares_case_sensitively()
    {
        var schema = Schema();
        var text = schema.Columns.Where(c => !c.Table.StartsWith("QRTZ_", StringComparison.Ordinal) && c.Type is "NVarChar" or "NChar" or "VarChar" or "Char").ToList();

        var notBinary = text.Where(c => c.Collation != Binary).Select(c => $"{c.Table}.{c.Name} ({c.Collation ?? "database default"})").ToList();

        Assert.True(notBinary.Count == 0, $"Columns without COLLATE {Binary}: {string.Join(", ", notBinary)}");
        // The identifiers the issue names are among them: device ids, parameter names, serials, tags.
        Assert.Superset(
            new HashSet<string> { "devices.id", "devices.serial_number", "devices.mac_address", "device_parameters.device_id", "device_parameters.name",
                "device_tags.tag", "config_values.name", "config_values.scope_key", "tasks.device_id", "tasks.command_key", "leases.device_id",
                "campaign_devices.device_id", "device_config_state.name", "cpe_credentials.username" },
            text.Select(c => $"{c.Table}.{c.Name}").ToHashSet());
    }

    [Fact]
    public void Every_index_key_fits_SQL_Server_limits()
    {
        // SQL Server 2016+: 900 bytes for a clustered key, 1,700 for a nonclustered one; NVARCHAR(MAX) cannot be a key.
        var schema = Schema();
        var columns = schema.Columns.ToDictionary(c => $"{c.Table}.{c.Name}".ToUpperInvariant());
        var keys = schema.Indexes.Select(i => (Index: i, Clustered: false)).Concat(schema.Constraints).ToList();

        Assert.Contains(keys, k => k.Index.Table == "device_parameters" && k.Clustered);
        foreach (var (index, clustered) in keys)
        {
            var bytes = index.Columns.Sum(name =>
            {
                var column = columns[$"{index.Table}.{name}".ToUpperInvariant()];
                Assert.False(column.Length == -1, $"{index.Table}.{index.Name} has the (MAX) column {name} in its key.");
                return KeyBytes(column);
            });
            var limit = clustered ? 900 : 1700;
            Assert.True(bytes <= limit, $"{index.Table}.{index.Name} ({string.Join(", ", index.Columns)}) is {bytes} bytes, over the {limit} of a {(clustered ? "clustered" : "nonclustered")} key.");
        }
    }

    [Fact]
    public void Batches_split_on_GO_lines_only()
    {
        var batches = MigrationRunner.SplitBatches("CREATE TABLE a (x INT);\n  go  \nCREATE INDEX ix ON a (x);\n-- GO in a comment stays\nGO\n\nGO\n");

        Assert.Equal(2, batches.Count);
        Assert.StartsWith("CREATE TABLE a", batches[0], StringComparison.Ordinal);
        Assert.Contains("GO in a comment stays", batches[1], StringComparison.Ordinal);
        Assert.Single(MigrationRunner.SplitBatches("SELECT 1; -- no separator, one batch"));
    }

    private static int KeyBytes(SqlServerSchema.Column column) => column.Type switch
    {
        "NVarChar" or "NChar" => 2 * column.Length!.Value,
        "VarChar" or "Char" or "VarBinary" => column.Length!.Value,
        "BigInt" => 8,
        "Int" => 4,
        "Bit" => 1,
        "computed" => 2 * 64,   // LOWER(REPLACE(mac_address …)): at most mac_address's NVARCHAR(64)
        var other => throw new InvalidOperationException($"No key size known for {other} ({column.Table}.{column.Name})."),
    };

    private static IReadOnlyList<MigrationRunner.Migration> Scripts()
        => new MigrationRunner(SqlServer, NullLogger<MigrationRunner>.Instance).Discover();

    private static SqlServerSchema Schema()
        => SqlServerSchema.Read(Scripts().SelectMany(m => MigrationRunner.SplitBatches(m.Sql).Select(b => ($"{m.Version:D3}_{m.Name}.sql", b))));
}
