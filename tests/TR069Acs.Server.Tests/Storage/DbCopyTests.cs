using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Storage.Copy;
using TR069Acs.Server.Tests.Campaigns;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>Issue 10 §4: <c>acs db copy</c> moves everything an install holds into an empty database, verifies it, refuses a
/// non-empty target unless told otherwise, and resumes after an interruption.</summary>
public sealed class DbCopyTests : IDisposable
{
    private const string Model = "CP-8841-3PCC";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("acs-dbcopy-tests-");

    [Fact]
    public async Task A_populated_install_is_copied_verified_and_served_by_an_acs_started_on_the_copy()
    {
        var from = Path.Combine(_work.FullName, "from");
        var to = Path.Combine(_work.FullName, "to");
        long campaignId, queuedTaskId;
        string firmwareId;
        await using (var acs = await TestAcs.StartAsync(o => o.Campaigns.TickMilliseconds = 200, from))
        {
            // Real sessions, a firmware upload, a campaign that runs to its end, configuration, an operator, a queued task.
            using var a = new UpgradingPhone(acs, "DBC001", Model, "sip88xx.12-0-1");
            using var b = new UpgradingPhone(acs, "DBC002", Model, "sip88xx.12-0-1");
            await a.SessionAsync();
            await b.SessionAsync();
            firmwareId = await CampaignFlowTests.UploadAsync(acs, [Model], "12.0.2");
            var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Put, $"api/config/devices/{a.DeviceId}",
                """{"parameters":{"GPP_A":"copied value","Password_1_":"sip secret 1"}}""");
            Assert.True(status is 200 or 201 or 204, $"PUT config → {status}: {body}");
            var campaign = await CampaignFlowTests.CreateAsync(acs,
                $$"""{"name":"before the move","firmwareId":"{{firmwareId}}","selector":{"models":["{{Model}}"]},"connectionRequest":false}""");
            campaignId = (long)campaign["id"]!;
            await CampaignFlowTests.QueuedAsync(acs, a.DeviceId);
            await CampaignFlowTests.QueuedAsync(acs, b.DeviceId);
            await a.SessionAsync();
            await b.SessionAsync();
            await a.SessionAsync();
            await b.SessionAsync();
            await CampaignFlowTests.WaitForAsync(acs, campaignId, c => (string?)c["status"] == "completed", "completed");
            using (var user = await acs.Api.PostAsJsonAsync("api/users", new { name = "moved-viewer", role = "viewer", password = "long enough password" }))
            {
                Assert.True(user.IsSuccessStatusCode, await user.Content.ReadAsStringAsync());
            }
            queuedTaskId = (long)(await acs.QueueAsync(a.DeviceId, new { type = "getParameterValues", parameterNames = new[] { "Device.DeviceInfo." } }))["id"]!;
            var secrets = acs.Secrets.ToArray();
            await acs.StopAsync();

            var events = new List<DbCopyProgress>();
            var result = await AcsDatabaseCopy.CopyAsync(new DbCopyOptions
            {
                From = $"sqlite:Data Source={Path.Combine(from, "acs.db")}",
                To = $"sqlite:Data Source={Path.Combine(to, "acs.db")}",
            }, events.Add);

            Assert.True(result.Verified, string.Join("\n", result.Tables.Where(t => !t.Verified)));
            Assert.False(result.Resumed);
            Assert.Empty(result.Warnings);
            Assert.Equal(1, result.FirmwareFiles);
            // Every table the migrations created (Quartz's QRTZ_ tables too) but schema_migrations, which the target has of its own.
            Assert.Equal((await TablesAsync(Path.Combine(from, "acs.db"), except: "schema_migrations")).Order(StringComparer.Ordinal),
                result.Tables.Select(t => t.Table).Order(StringComparer.Ordinal));
            Assert.Contains("QRTZ_TRIGGERS", result.Tables.Select(t => t.Table));
            foreach (var table in result.Tables)
            {
                Assert.Equal(table.SourceRows, table.TargetRows);
                Assert.Equal(table.SourceChecksum, table.TargetChecksum);
                Assert.Equal(table.SourceRows, await CountAsync(Path.Combine(to, "acs.db"), table.Table));
            }
            Assert.True(result.Tables.Single(t => t.Table == "campaign_devices").SourceRows == 2);
            Assert.Contains(events, e => e is { Table: "devices", Stage: DbCopyStage.Done, Rows: 2, Total: 2 });
            Assert.False(await HasTableAsync(Path.Combine(to, "acs.db"), CopyMarker.Table), "a verified copy leaves no marker");
            // The image's bytes travel in stored_files (every node of the target serves them from the database).
            await using (var copied = new SqliteConnection($"Data Source={Path.Combine(to, "acs.db")}"))
            {
                Assert.Equal(firmwareId, await StoredSha256Async(copied, firmwareId));
            }

            // An ACS started on the copy serves the same data: operators, devices, campaign, tasks, firmware, configuration.
            File.Copy(Path.Combine(from, "initial-admin-password"), Path.Combine(to, "initial-admin-password"));
            await using var moved = await TestAcs.StartAsync(dataDirectory: to);
            foreach (var (key, value) in secrets)
            {
                moved.Secrets[key] = value;
            }
            var devices = (await moved.GetJsonAsync("api/devices")).AsArray();
            Assert.Equal(new string?[] { "12.0.2", "12.0.2" }, devices.Select(d => (string?)d!["softwareVersion"]).ToArray());
            var movedCampaign = (await moved.GetJsonAsync($"api/campaigns/{campaignId}")).AsObject();
            Assert.Equal("completed", (string?)movedCampaign["status"]);
            Assert.Equal(2, (long)movedCampaign["counts"]!["succeeded"]!);
            Assert.Equal("queued", (string?)(await moved.TaskAsync(queuedTaskId))["status"]);
            Assert.Single((await moved.GetJsonAsync("api/firmware")).AsArray());
            Assert.Contains((await moved.GetJsonAsync("api/users")).AsArray(), u => (string?)u!["name"] == "moved-viewer");
            var config = (await moved.GetJsonAsync($"api/config/devices/{a.DeviceId}")).ToJsonString();
            Assert.Contains("copied value", config, StringComparison.Ordinal);

            // The phone's own CWMP credentials were copied encrypted; the copied key ring opens them: its session is accepted.
            var phone = moved.Cpe("DBC001", "00562B", Model);
            var inform = await phone.InformAsync("2 PERIODIC");
            Assert.Equal(200, inform.Status);
            Assert.Contains("InformResponse", inform.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_non_empty_target_is_refused_and_into_non_empty_keeps_its_rows_and_adds_the_missing_ones()
    {
        var source = await MigratedAsync("source.db");
        await InsertDevicesAsync(source, 1, 50, "12.0.1");
        var target = await MigratedAsync("target.db");
        await InsertDevicesAsync(target, 1, 1, "the target's own");
        await InsertDevicesAsync(target, 900, 900, "only in the target");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => AcsDatabaseCopy.CopyAsync(Options(source, target)));
        Assert.Contains("is not empty: devices (2)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--into-non-empty", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, await CountAsync(target, "devices"));

        var merged = await AcsDatabaseCopy.CopyAsync(Options(source, target) with { IntoNonEmpty = true });

        Assert.True(merged.IntoNonEmpty);
        var devices = merged.Tables.Single(t => t.Table == "devices");
        Assert.Equal((50L, 49L, 1L, 1L, 51L), (devices.SourceRows, devices.Inserted, devices.Kept, devices.Differing, devices.TargetRows));
        Assert.False(devices.Verified, "a kept row that differs from the source's is reported, not hidden");
        Assert.False(merged.Verified);
        await using var connection = new SqliteConnection($"Data Source={target}");
        Assert.Equal("the target's own", await connection.ExecuteScalarAsync<string>("SELECT software_version FROM devices WHERE id = 'OUI-Model-SN00001'"));
        Assert.Equal("12.0.1", await connection.ExecuteScalarAsync<string>("SELECT software_version FROM devices WHERE id = 'OUI-Model-SN00050'"));
    }

    [Fact]
    public async Task An_interrupted_copy_resumes_from_where_it_stopped_and_ends_verified_with_the_sources_current_rows()
    {
        var source = await MigratedAsync("source.db");
        await InsertDevicesAsync(source, 1, 100, "12.0.1");
        await InsertParametersAsync(source, 100, 250); // 25,000 rows: more than two target transactions
        var target = Path.Combine(_work.FullName, "target.db");

        // Stop the copy once device_parameters is well into its second transaction of rows.
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AcsDatabaseCopy.CopyAsync(Options(source, target),
            p =>
            {
                if (p is { Table: "device_parameters", Stage: DbCopyStage.Copying, Rows: >= 15_000 })
                {
                    stop.Cancel();
                }
            }, stop.Token));
        var partial = await CountAsync(target, "device_parameters");
        Assert.InRange(partial, 1, 24_999);
        Assert.True(await HasTableAsync(target, CopyMarker.Table), "the interrupted target is marked as the copy's own");

        // The source changes before the re-run: a parameter already copied, and a new one.
        await using (var connection = new SqliteConnection($"Data Source={source}"))
        {
            await connection.ExecuteAsync("UPDATE device_parameters SET value = 'changed' WHERE device_id = 'OUI-Model-SN00001' AND name = 'Device.P.1'");
            await connection.ExecuteAsync("INSERT INTO device_parameters (device_id, name, value, updated) VALUES ('OUI-Model-SN00001', 'Device.New', 'new', 1)");
        }

        var resumed = await AcsDatabaseCopy.CopyAsync(Options(source, target));

        Assert.True(resumed.Resumed);
        Assert.True(resumed.Verified, string.Join("\n", resumed.Tables.Where(t => !t.Verified)));
        var parameters = resumed.Tables.Single(t => t.Table == "device_parameters");
        Assert.Equal(25_001, parameters.TargetRows);
        Assert.Equal(parameters.SourceChecksum, parameters.TargetChecksum);
        await using (var connection = new SqliteConnection($"Data Source={target}"))
        {
            Assert.Equal("changed", await connection.ExecuteScalarAsync<string>(
                "SELECT value FROM device_parameters WHERE device_id = 'OUI-Model-SN00001' AND name = 'Device.P.1'"));
        }
        Assert.False(await HasTableAsync(target, CopyMarker.Table));

        // Finished: the target is now an install of its own, and a further copy into it is refused.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => AcsDatabaseCopy.CopyAsync(Options(source, target)));
        Assert.Contains("is not empty", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unfinished_copy_of_another_source_is_not_resumed_from_this_one()
    {
        var first = await MigratedAsync("first.db");
        await InsertDevicesAsync(first, 1, 10, "1");
        var second = await MigratedAsync("second.db");
        var unfinished = Path.Combine(_work.FullName, "unfinished");
        var target = Path.Combine(unfinished, "acs.db");
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AcsDatabaseCopy.CopyAsync(Options(first, target),
            p =>
            {
                if (p.Table == "devices")
                {
                    stop.Cancel();
                }
            }, stop.Token));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => AcsDatabaseCopy.CopyAsync(Options(second, target)));

        Assert.Contains("holds an unfinished copy of sqlite:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("first.db", refused.Message, StringComparison.Ordinal);

        // Nor does an ACS serve it: some of its tables may be partly copied.
        var serve = await Assert.ThrowsAsync<UnfinishedCopyException>(() => TestAcs.StartAsync(dataDirectory: unfinished));
        Assert.Contains("unfinished acs db copy", serve.Message, StringComparison.Ordinal);
        Assert.Contains("Run the same acs db copy again", serve.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Firmware_only_on_the_sources_disk_goes_into_the_targets_stored_files_verified_by_sha256()
    {
        var image = System.Security.Cryptography.RandomNumberGenerator.GetBytes(1_500_000); // two chunks of stored_file_chunks
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image));
        var source = await MigratedAsync("from/acs.db");
        Directory.CreateDirectory(Path.Combine(_work.FullName, "from", "firmware"));
        await File.WriteAllBytesAsync(Path.Combine(_work.FullName, "from", "firmware", id), image);
        await using (var connection = new SqliteConnection($"Data Source={source}"))
        {
            await connection.ExecuteAsync("""
                INSERT INTO firmware_images (id, size, version, models, file_name, signed, created)
                VALUES (@id, 1500000, '12.0.2', '["CP-8841-3PCC"]', 'sip88xx.12-0-2.loads', 0, 1)
                """, new { id });
        }

        // An image uploaded before migration 015 is on the source's disk only: the copy stores it in the target's
        // stored_files, in chunks, and nothing beside the target database.
        var target = Path.Combine(_work.FullName, "db", "acs.db");
        var stored = await AcsDatabaseCopy.CopyAsync(Options(source, target) with { FromDataDirectory = Path.Combine(_work.FullName, "from") });
        Assert.True(stored.Verified);
        Assert.Equal(1, stored.FirmwareFiles);
        Assert.Empty(stored.Warnings);
        Assert.False(File.Exists(Path.Combine(_work.FullName, "db", "firmware", id)), "the file is in the database, not beside it");
        await using (var connection = new SqliteConnection($"Data Source={target}"))
        {
            var chunks = (await connection.QueryAsync<byte[]>("SELECT data FROM stored_file_chunks WHERE file_id = @id ORDER BY seq", new { id })).ToList();
            Assert.Equal(2, chunks.Count);
            Assert.Equal(image, chunks.SelectMany(c => c).ToArray());
            Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT chunks FROM stored_files WHERE id = @id AND kind = 'firmware'", new { id }));
        }

        // A damaged file is not stored, and the copy says so.
        await File.WriteAllBytesAsync(Path.Combine(_work.FullName, "from", "firmware", id), [1, 2, 3]);
        var damaged = await AcsDatabaseCopy.CopyAsync(Options(source, Path.Combine(_work.FullName, "damaged", "acs.db")));
        Assert.Equal(0, damaged.FirmwareFiles);
        Assert.Contains(damaged.Warnings, w => w.Contains("does not hash to its id", StringComparison.Ordinal));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_work.FullName, "damaged", "acs.db")}"))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM stored_file_chunks"));
        }
    }

    /// <summary>The SHA-256 of the file <paramref name="id"/> as stored in <c>stored_file_chunks</c> (empty when absent).</summary>
    internal static async Task<string> StoredSha256Async(System.Data.Common.DbConnection connection, string id)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var chunks = 0;
        foreach (var chunk in await connection.QueryAsync<byte[]>("SELECT data FROM stored_file_chunks WHERE file_id = @id ORDER BY seq", new { id }))
        {
            hash.AppendData(chunk);
            chunks++;
        }
        return chunks == 0 ? "" : Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [Fact]
    public async Task Every_insert_of_every_table_binds_fewer_than_2000_parameters()
    {
        var database = await MigratedAsync("shape.db");
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        var catalog = new SqliteCopyCatalog();
        var tables = await catalog.TablesAsync(connection, null, default);
        Assert.Contains("QRTZ_TRIGGERS", tables);
        foreach (var table in tables)
        {
            var shape = await catalog.ShapeAsync(connection, null, table, default);
            Assert.InRange(TableCopier.RowsPerStatement(shape.Columns.Count) * shape.Columns.Count, 1, 1_999);
            Assert.InRange(TableCopier.RowsPerStatement(shape.Columns.Count), 1, 1_000);
        }
    }

    [Fact]
    public async Task Bad_settings_are_refused_by_name_and_no_password_appears_in_any_message()
    {
        var source = await MigratedAsync("source.db");

        var noProvider = await Assert.ThrowsAsync<InvalidOperationException>(() => AcsDatabaseCopy.CopyAsync(new DbCopyOptions { From = source, To = "sqlite:Data Source=x.db" }));
        Assert.Contains("--from must be provider:connection string", noProvider.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => AcsDatabaseCopy.CopyAsync(
            new DbCopyOptions { From = $"sqlite:Data Source={Path.Combine(_work.FullName, "nowhere.db")}", To = $"sqlite:Data Source={source}2" }));
        Assert.Contains("there is no database at", missing.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work.FullName, "nowhere.db")), "a missing source is not created");
        var same = await Assert.ThrowsAsync<InvalidOperationException>(() => AcsDatabaseCopy.CopyAsync(Options(source, source)));
        Assert.Contains("the same database", same.Message, StringComparison.Ordinal);

        foreach (var to in new[] { "postgres:Host=127.0.0.1;Port=1;Username=acs;Password=hunter2;Database=acs", "mongo:Password=hunter2" })
        {
            var e = await Record.ExceptionAsync(() => AcsDatabaseCopy.CopyAsync(new DbCopyOptions { From = $"sqlite:Data Source={source}", To = to }));
            Assert.NotNull(e);
            Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal("postgres:Host=db;Username=acs;Database=acs",
            ConnectionText.Describe("postgres:Host=db;Username=acs;Password=hunter2;Database=acs"), ignoreCase: true);
    }

    [Fact]
    public void The_checksum_is_the_same_for_the_same_values_from_any_provider_and_in_any_order()
    {
        static string Sum(object?[][] rows)
        {
            var canonical = new RowCanonicalizer();
            var checksum = new TableChecksum();
            var hash = new byte[32];
            foreach (var row in rows)
            {
                canonical.Reset();
                foreach (var value in row)
                {
                    canonical.Append(value);
                }
                canonical.Hash(hash);
                checksum.Add(hash);
            }
            return checksum.ToString();
        }

        // SQLite reads INTEGER as long; PostgreSQL may give int, bool or numeric for the same stored value.
        Assert.Equal(Sum([[1L, "a", null], [2L, "b", new byte[] { 1 }]]), Sum([[2, "b", new byte[] { 1 }], [true, "a", DBNull.Value]]));
        Assert.Equal(Sum([[5L, 2.5d]]), Sum([[5.0m, 2.5m]]));
        Assert.NotEqual(Sum([[1L]]), Sum([["1"]]));
        Assert.NotEqual(Sum([["ab", "c"]]), Sum([["a", "bc"]]));
        Assert.NotEqual(Sum([[null]]), Sum([[""]]));
        Assert.NotEqual(Sum([[1L], [1L]]), Sum([[1L]]));
    }

    private DbCopyOptions Options(string source, string target) => new() { From = $"sqlite:Data Source={source}", To = $"sqlite:Data Source={target}" };

    private async Task<string> MigratedAsync(string name)
    {
        var file = Path.Combine(_work.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var database = AcsDatabase.FromOptions(new AcsOptions { Database = $"sqlite:Data Source={file}" });
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync();
        return file;
    }

    private static async Task InsertDevicesAsync(string file, int first, int last, string version)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        for (var i = first; i <= last; i++)
        {
            await connection.ExecuteAsync("""
                INSERT INTO devices (id, oui, product_class, serial_number, manufacturer, software_version, first_seen, last_inform)
                VALUES (@Id, 'OUI', 'Model', @Serial, 'Cisco', @Version, 1, 2)
                """, new { Id = $"OUI-Model-SN{i:D5}", Serial = $"SN{i:D5}", Version = version }, transaction);
        }
        await transaction.CommitAsync();
    }

    private static async Task InsertParametersAsync(string file, int devices, int perDevice)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = (SqliteTransaction)transaction;
        insert.CommandText = "INSERT INTO device_parameters (device_id, name, value, type, writable, updated) VALUES ($d, $n, $v, 'xsd:string', 1, 7)";
        var d = insert.Parameters.Add("$d", SqliteType.Text);
        var n = insert.Parameters.Add("$n", SqliteType.Text);
        var v = insert.Parameters.Add("$v", SqliteType.Text);
        for (var i = 1; i <= devices; i++)
        {
            for (var j = 1; j <= perDevice; j++)
            {
                d.Value = $"OUI-Model-SN{i:D5}";
                n.Value = $"Device.P.{j}";
                v.Value = $"value {i}/{j}";
                await insert.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
    }

    private static async Task<long> CountAsync(string file, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
    }

    private static async Task<bool> HasTableAsync(string file, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0;
    }

    private static async Task<IReadOnlyList<string>> TablesAsync(string file, string except)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        return (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> @except",
            new { except })).ToList();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _work.Delete(recursive: true);
    }
}
