using Dapper;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Storage;

public sealed class MigrationRunnerTests
{
    [Fact]
    public async Task Migrations_apply_on_an_empty_database_and_not_again_on_restart()
    {
        using var db = new TestDatabase();

        var first = await db.Migrations.ApplyAsync();
        var second = await db.Migrations.ApplyAsync();

        Assert.Equal(db.Migrations.Discover().Select(m => m.Version), first);
        Assert.Contains(1, first);
        Assert.Empty(second);
        await using var connection = await db.Database.OpenAsync();
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet();
        Assert.Superset(new HashSet<string> { "devices", "device_parameters", "tasks", "faults", "leases", "transfers", "connection_request_credentials", "schema_migrations" }, tables);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public void Embedded_scripts_are_numbered_and_named()
    {
        using var db = new TestDatabase();

        var scripts = db.Migrations.Discover();

        Assert.Equal("initial", scripts[0].Name);
        Assert.Equal(scripts.Select(s => s.Version).Order(), scripts.Select(s => s.Version));
        Assert.Contains("CREATE TABLE devices", scripts[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_providers_are_refused_with_a_clear_message()
    {
        var sqlServer = Assert.Throws<InvalidOperationException>(() => Server.Storage.AcsDatabase.FromOptions(new AcsOptions { Database = "sqlserver:Server=db" }));
        Assert.Contains("not supported by this build yet", sqlServer.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<InvalidOperationException>(() => Server.Storage.AcsDatabase.FromOptions(new AcsOptions { Database = "mongo://x" }));
        Assert.Contains("names no known provider", unknown.Message, StringComparison.Ordinal);
    }
}
