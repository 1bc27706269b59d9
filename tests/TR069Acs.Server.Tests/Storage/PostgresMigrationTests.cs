using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>The PostgreSQL migrations: applied once under the migration lock when nodes start together, and the same
/// schema as SQLite's (same tables, columns and indexes), so every store reads and writes the same shape.</summary>
public sealed class PostgresMigrationTests
{
    [PostgresFact]
    public async Task Two_runners_started_together_on_an_empty_database_both_succeed_and_apply_each_migration_once()
    {
        var connectionString = await PrivatePostgres.CreateDatabaseAsync("acs_migrate");
        await using var db = PostgresProvider.Open(connectionString);
        // Two nodes: two runners, each with its own connections.
        var other = new MigrationRunner(AcsDatabase.FromOptions(new AcsOptions { DataDirectory = db.Directory, Database = "postgres:" + connectionString }),
            NullLogger<MigrationRunner>.Instance);

        var applied = await Task.WhenAll(Task.Run(() => db.Migrations.ApplyAsync()), Task.Run(() => other.ApplyAsync()));

        var expected = db.Migrations.Discover().Select(m => m.Version).ToList();
        Assert.Equal(expected, applied[0].Concat(applied[1]).Order());
        await using var connection = await db.Database.OpenAsync();
        Assert.Equal(expected, (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).AsList());
        Assert.Empty(await db.Migrations.ApplyAsync());
    }

    [PostgresFact]
    public async Task The_schema_has_the_tables_columns_and_indexes_of_the_sqlite_schema()
    {
        using var sqlite = new TestDatabase();
        await sqlite.Migrations.ApplyAsync();
        await using var postgres = PostgresProvider.Open(await PrivatePostgres.CreateDatabaseAsync("acs_schema"));
        await postgres.Migrations.ApplyAsync();

        await using var lite = await sqlite.Database.OpenAsync();
        var liteColumns = (await lite.QueryAsync<(string Table, string Column)>("""
            SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
            WHERE m.type = 'table' AND m.name <> 'sqlite_sequence'
            """)).Select(c => $"{c.Table.ToLowerInvariant()}.{c.Column.ToLowerInvariant()}").ToHashSet();
        var liteIndexes = (await lite.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")).Select(n => n.ToLowerInvariant()).ToHashSet();

        await using var pg = await postgres.Database.OpenAsync();
        var pgColumns = (await pg.QueryAsync<(string Table, string Column)>(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"))
            .Select(c => $"{c.Table}.{c.Column}").ToHashSet();
        var pgIndexes = (await pg.QueryAsync<string>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")).ToHashSet();

        Assert.Empty(liteColumns.Except(pgColumns));
        Assert.Empty(pgColumns.Except(liteColumns));
        Assert.Empty(liteIndexes.Except(pgIndexes));
        // Millisecond times do not fit 32 bits: every integer column of ours is 64-bit (Quartz's own keep its types).
        var narrow = (await pg.QueryAsync<string>("""
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'integer' AND table_name NOT LIKE 'qrtz%' AND table_name <> 'schema_migrations'
            """)).AsList();
        Assert.Empty(narrow);
    }

    [Fact]
    public void Postgres_settings_are_accepted_and_bad_ones_refused_naming_what_is_wrong_but_never_the_password()
    {
        var database = AcsDatabase.FromOptions(new AcsOptions { Database = "postgres:Host=db1;Username=acs;Password=pw-7f3a;Database=acs" });
        Assert.Equal("postgres", database.Dialect.Provider);
        Assert.Equal("db1", new NpgsqlConnectionStringBuilder(database.ConnectionString).Host);
        Assert.Equal("postgres", AcsDatabase.FromOptions(new AcsOptions { Database = "postgresql:Host=db1;Database=acs" }).Dialect.Provider);

        var noHost = Assert.Throws<InvalidOperationException>(() => AcsDatabase.FromOptions(new AcsOptions { Database = "postgres:Username=acs;Password=pw-7f3a;Database=acs" }));
        Assert.Contains("needs a Host", noHost.Message, StringComparison.Ordinal);
        var noDatabase = Assert.Throws<InvalidOperationException>(() => AcsDatabase.FromOptions(new AcsOptions { Database = "postgres:Host=db1;Password=pw-7f3a" }));
        Assert.Contains("needs a Database", noDatabase.Message, StringComparison.Ordinal);
        // An unquoted ';' in a password splits it: the parser would quote the fragment as an unknown keyword.
        var split = Assert.Throws<InvalidOperationException>(() => AcsDatabase.FromOptions(new AcsOptions { Database = "postgres:Host=db1;Password=pw;tail-9c1e;Database=acs" }));
        Assert.Contains("not a valid Npgsql connection string", split.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<InvalidOperationException>(() => AcsDatabase.FromOptions(new AcsOptions { Database = "postgres:" }));
        Assert.Contains("needs an Npgsql connection string", empty.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<InvalidOperationException>(() => AcsDatabase.FromOptions(new AcsOptions { Database = "mongo=Password=pw-7f3a" }));
        Assert.Contains("names no known provider", unknown.Message, StringComparison.Ordinal);

        foreach (var error in new[] { noHost, noDatabase, split, empty, unknown })
        {
            Assert.DoesNotContain("pw-7f3a", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("tail-9c1e", error.ToString(), StringComparison.Ordinal);
        }
    }
}
