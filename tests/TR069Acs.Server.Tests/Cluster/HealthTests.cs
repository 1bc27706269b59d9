using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Cluster;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_answers_503_while_the_database_cannot_be_opened_and_ok_again_after()
    {
        var root = Directory.CreateTempSubdirectory("acs-health-tests-").FullName;
        var file = Path.Combine(root, "acs.db");
        // Mode=ReadWrite: a missing file is an error rather than a new empty database.
        using (var create = new SqliteConnection($"Data Source={file}"))
        {
            create.Open();
        }
        await using var acs = await TestAcs.StartAsync(o => o.Database = $"sqlite:Data Source={file};Mode=ReadWrite", Path.Combine(root, "data"));
        using var anonymous = acs.Anonymous();
        var (status, health) = await GetAsync(anonymous);
        Assert.Equal(200, status);
        Assert.Equal("single", (string?)health["node"]!["cluster"]);
        Assert.False(string.IsNullOrEmpty((string?)health["node"]!["id"]));
        // No Acs:NodeId: the id generated at the first start, kept in DATA/node-id.
        Assert.Equal((await File.ReadAllTextAsync(Path.Combine(acs.DataDirectory, AcsNode.IdFileName))).Trim(), (string?)health["node"]!["id"]);

        var aside = file + ".aside";
        File.Move(file, aside);
        SqliteConnection.ClearAllPools();
        try
        {
            await Eventually.TrueAsync(async () => (await GetAsync(anonymous)).Status == 503, "/api/health to answer 503 without its database");
            (_, health) = await GetAsync(anonymous);
            Assert.Equal("unavailable", (string?)health["status"]);
            Assert.False((bool)health["database"]!["reachable"]!);
            Assert.Equal("sqlite", (string?)health["database"]!["provider"]);
            Assert.DoesNotContain(root, health.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Move(aside, file);
        }
        await Eventually.TrueAsync(async () => (await GetAsync(anonymous)).Status == 200, "/api/health to answer 200 once the database is back");
        await acs.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    [Theory]
    [InlineData("node a")]
    [InlineData("-leading-dash")]
    [InlineData("ünïcode")]
    public void A_malformed_node_id_stops_the_start_naming_the_setting(string id)
    {
        var data = Directory.CreateTempSubdirectory("acs-nodeid-tests-").FullName;
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => AcsHost.Build([], o =>
            {
                o.DataDirectory = data;
                o.NodeId = id;
            }));
            Assert.Contains("Acs:NodeId", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<(int Status, JsonNode Body)> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync("api/health");
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
