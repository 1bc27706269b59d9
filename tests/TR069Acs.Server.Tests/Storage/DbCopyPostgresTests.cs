using Dapper;
using Microsoft.Data.Sqlite;
using TR069Acs.Server.Storage.Copy;
using TR069Acs.Server.Tests.Campaigns;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>Issue 10 §4 across providers: the embedded SQLite install moves to a private PostgreSQL server, verified
/// table by table (the checksums of SQLite's and PostgreSQL's rows agree), and comes back to SQLite unchanged.</summary>
public sealed class DbCopyPostgresTests : IDisposable
{
    private const string Model = "CP-8841-3PCC";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("acs-dbcopy-pg-");

    [PostgresFact]
    public async Task A_sqlite_install_moves_to_postgres_verified_and_comes_back_with_the_same_checksums()
    {
        var from = Path.Combine(_work.FullName, "from");
        // Disposed at the end of the test: disposing removes the data directory being copied.
        await using var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200, from);
        using var a = new UpgradingPhone(acs, "PGC001", Model, "sip88xx.12-0-1");
        using var b = new UpgradingPhone(acs, "PGC002", Model, "sip88xx.12-0-1");
        await a.SessionAsync();
        await b.SessionAsync();
        var firmwareId = await CampaignFlowTests.UploadAsync(acs, [Model], "12.0.2");
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Put, $"api/config/devices/{a.DeviceId}",
            """{"parameters":{"GPP_A":"copied value","Password_1_":"sip secret 1"}}""");
        Assert.True(status is 200 or 201 or 204, $"PUT config → {status}: {body}");
        var campaign = await CampaignFlowTests.CreateAsync(acs,
            $$"""{"name":"to postgres","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}""");
        var id = (long)campaign["id"]!;
        await CampaignFlowTests.QueuedAsync(acs, a.DeviceId);
        await CampaignFlowTests.QueuedAsync(acs, b.DeviceId);
        await a.SessionAsync();
        await b.SessionAsync();
        await a.SessionAsync();
        await b.SessionAsync();
        await CampaignFlowTests.WaitForAsync(acs, id, c => (string?)c["status"] == "completed", "completed");
        await acs.StopAsync();

        var postgres = await PrivatePostgres.CreateDatabaseAsync("dbcopy");
        var to = Path.Combine(_work.FullName, "node1");
        var moved = await AcsDatabaseCopy.CopyAsync(new DbCopyOptions
        {
            From = $"sqlite:Data Source={Path.Combine(from, "acs.db")}",
            To = "postgres:" + postgres,
            ToDataDirectory = to,
        });

        Assert.True(moved.Verified, string.Join("\n", moved.Tables.Where(t => !t.Verified)));
        Assert.Empty(moved.Warnings);
        Assert.Equal(1, moved.FirmwareFiles);
        Assert.DoesNotContain("Password", moved.Target, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(moved.Tables, t => t.Table == "campaign_devices" && t.TargetRows == 2);
        Assert.Contains(moved.Tables, t => t.Table.Equals("QRTZ_TRIGGERS", StringComparison.OrdinalIgnoreCase));
        Assert.All(moved.Tables, t => Assert.Equal(t.SourceChecksum, t.TargetChecksum));
        await using (var connection = new Npgsql.NpgsqlConnection(postgres))
        {
            // Ids go on after the copied ones: the next task gets a new id, not one of the copied.
            var maxTask = await connection.ExecuteScalarAsync<long>("SELECT MAX(id) FROM tasks");
            var next = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires) VALUES ('x', 'reboot', '{}', 'done', 0, 1, 1) RETURNING id
                """);
            Assert.True(next > maxTask, $"a new task got id {next}, not above the copied {maxTask}");
            await connection.ExecuteAsync("DELETE FROM tasks WHERE id = @next", new { next });
        }

        // Back to SQLite: every table checksums as it did in the original install.
        var back = await AcsDatabaseCopy.CopyAsync(new DbCopyOptions
        {
            From = "postgres:" + postgres,
            To = $"sqlite:Data Source={Path.Combine(_work.FullName, "back", "acs.db")}",
            FromDataDirectory = to,
        });
        Assert.True(back.Verified, string.Join("\n", back.Tables.Where(t => !t.Verified)));
        var original = moved.Tables.ToDictionary(t => t.Table, t => t.SourceChecksum, StringComparer.OrdinalIgnoreCase);
        Assert.All(back.Tables, t => Assert.Equal(original[t.Table], t.TargetChecksum));
        await using (var connection = new Npgsql.NpgsqlConnection(postgres))
        {
            Assert.Equal(firmwareId, await DbCopyTests.StoredSha256Async(connection, firmwareId));
        }
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_work.FullName, "back", "acs.db")}"))
        {
            Assert.Equal(firmwareId, await DbCopyTests.StoredSha256Async(connection, firmwareId));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        _work.Delete(recursive: true);
    }
}
