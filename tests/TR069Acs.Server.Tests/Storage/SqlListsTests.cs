using Dapper;
using Microsoft.Data.Sqlite;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>Issue 10 §1: batches stay under SQL Server's 2,100-parameter limit. SQLite connections carry the same limit,
/// so these run on every provider's behalf without a SQL Server.</summary>
public sealed class SqlListsTests
{
    [Fact]
    public async Task A_statement_over_SQL_Servers_parameter_limit_fails_on_SQLite_too()
    {
        using var db = new TestDatabase();
        await db.Migrations.ApplyAsync();
        await using var connection = await db.Database.OpenAsync();

        var atLimit = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM devices WHERE id IN @Ids",
            new { Ids = Enumerable.Range(0, SqlLists.MaxParameters).Select(i => $"d{i}").ToList() });
        var over = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM devices WHERE id IN @Ids",
            new { Ids = Enumerable.Range(0, SqlLists.MaxParameters + 1).Select(i => $"d{i}").ToList() }));

        Assert.Equal(0, atLimit);
        Assert.Contains("too many SQL variables", over.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_of_5000_devices_are_read_in_chunks()
    {
        using var db = new TestDatabase();
        await db.Migrations.ApplyAsync();
        var ids = Enumerable.Range(0, 5000).Select(i => $"00000F-SPA504G-{i:D6}").ToList();
        await using (var connection = await db.Database.OpenAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("INSERT INTO device_tags (device_id, tag) VALUES (@DeviceId, @Tag)",
                ids.SelectMany((id, i) => new[] { new { DeviceId = id, Tag = "fleet" }, new { DeviceId = id, Tag = $"site-{i % 7}" } }), transaction);
            await transaction.CommitAsync();
        }
        var store = new ConfigStore(db.Database, new StoredSecrets(db.Protector, ParameterCatalogue.Default));

        var tags = await store.GetTagsAsync(ids);

        Assert.Equal(5000, tags.Count);
        Assert.Equal(["fleet", "site-0"], tags[ids[0]]);
        Assert.Equal(["fleet", $"site-{4999 % 7}"], tags[ids[4999]]);
        Assert.All(tags.Values, t => Assert.Equal(2, t.Count));
    }

    [Fact]
    public async Task Chunks_hold_at_most_MaxItems_and_keep_every_row()
    {
        var sizes = new List<int>();

        var rows = await SqlLists.QueryInChunksAsync(Enumerable.Range(0, 2500), chunk =>
        {
            sizes.Add(chunk.Length);
            return Task.FromResult<IEnumerable<int>>(chunk);
        });

        Assert.Equal([SqlLists.MaxItems, SqlLists.MaxItems, 500], sizes);
        Assert.Equal(Enumerable.Range(0, 2500), rows);
    }
}
