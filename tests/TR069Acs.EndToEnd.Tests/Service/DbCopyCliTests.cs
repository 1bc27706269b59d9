using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Campaigns;

namespace TR069Acs.EndToEnd.Tests.Service;

/// <summary>Issue 10 §4 as an operator runs it: <c>acs db copy</c> of an install the real ACS populated (phones, a
/// firmware campaign), while it runs and after it stopped; a copy killed halfway and run again; <c>acs serve</c> on the
/// copy serves the same data.</summary>
[Collection(CampaignCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DbCopyCliTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("acs-dbcopy-cli-");

    [Fact]
    public async Task A_copy_killed_halfway_resumes_and_acs_serve_on_the_copy_has_the_installs_data()
    {
        await using var acs = await AcsProcess.StartAsync();
        var api = new CampaignClient(acs.Api);
        var firmware = await api.UploadFirmwareAsync(["CP-8841-3PCC"]);
        string campaign;
        await using (var fleet = new PhoneFleet(FleetLedger.Options(acs.CwmpUri, "0023EB360000", 4)))
        {
            await fleet.StartAsync();
            await Eventually.TrueAsync(async () => (await acs.Api.GetFromJsonAsync<JsonArray>("api/devices"))!.Count == 4, "4 phones to register", 60);
            campaign = CampaignClient.Id(await api.CreateAsync(new { name = "before the move", firmwareId = firmware, selector = new { models = new[] { "CP-8841-3PCC" } } }));
            Assert.Equal("completed", CampaignClient.Status(await api.WaitForEndAsync(campaign)));
        }
        var source = Path.Combine(acs.DataDirectory, "acs.db");

        // A rehearsal while acs serve runs: one snapshot, verified, and the output names no password.
        var rehearsal = Path.Combine(_work.FullName, "rehearsal");
        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName, "db", "copy",
            "--from", $"sqlite:Data Source={source}", "--to", $"sqlite:Data Source={Path.Combine(rehearsal, "acs.db")}");
        Assert.True(exit == 0, $"acs db copy exited {exit}:\n{output}\n{error}");
        Assert.Contains("every table verified", output, StringComparison.Ordinal);
        Assert.Contains("campaign_devices", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", output, StringComparison.Ordinal); // not a terminal: plain lines

        await acs.KillAsync();
        // Bulk, so that the copy is still writing when it is killed: 50,000 parameter rows.
        await using (var connection = new SqliteConnection($"Data Source={source}"))
        {
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO device_parameters (device_id, name, value, updated) VALUES ($d, $n, 'bulk', 1)";
            var d = insert.Parameters.Add("$d", SqliteType.Text);
            var n = insert.Parameters.Add("$n", SqliteType.Text);
            for (var i = 0; i < 50_000; i++)
            {
                d.Value = $"bulk-{i / 1000}";
                n.Value = $"Device.Bulk.{i % 1000}";
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        SqliteConnection.ClearAllPools();

        // SIGKILL as soon as the table before device_parameters is done: device_parameters is being copied.
        var moved = Path.Combine(_work.FullName, "moved");
        var target = $"sqlite:Data Source={Path.Combine(moved, "acs.db")}";
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _work.FullName };
        foreach (var a in new[] { AcsCli.AcsDll, "db", "copy", "--from", $"sqlite:Data Source={source}", "--to", target })
        {
            psi.ArgumentList.Add(a);
        }
        using (var copy = Process.Start(psi)!)
        {
            var killed = false;
            _ = copy.StandardError.ReadToEndAsync();
            while (await Bounded.WithinAsync(copy.StandardOutput.ReadLineAsync(), "a line of acs db copy", 120) is { } line)
            {
                if (line.Contains(" device_config_state ", StringComparison.Ordinal))
                {
                    copy.Kill();
                    killed = true;
                    break;
                }
            }
            Assert.True(killed, "acs db copy ended before device_parameters was reached");
            await Bounded.ExitAsync(copy, "acs db copy after SIGKILL", 30);
        }
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(moved, "acs.db")}"))
        {
            Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'acs_db_copy'"));
        }
        SqliteConnection.ClearAllPools();

        (exit, output, error) = await AcsCli.RunFileAsync("dotnet", _work.FullName,
            [AcsCli.AcsDll, "db", "copy", "--from", $"sqlite:Data Source={source}", "--to", target], seconds: 300);
        Assert.True(exit == 0, $"the re-run exited {exit}:\n{output}\n{error}");
        Assert.Contains("resumed an interrupted copy", output, StringComparison.Ordinal);
        Assert.Contains("every table verified", output, StringComparison.Ordinal);

        // Once finished the target is an install of its own: copying into it again is refused, naming the way out.
        (exit, _, error) = await AcsCli.RunAsync(_work.FullName, "db", "copy", "--from", $"sqlite:Data Source={source}", "--to", target);
        Assert.Equal(1, exit);
        Assert.Contains("is not empty", error, StringComparison.Ordinal);
        Assert.Contains("--into-non-empty", error, StringComparison.Ordinal);

        // A password in a connection string is never echoed.
        (exit, output, error) = await AcsCli.RunAsync(_work.FullName, "db", "copy", "--from", $"sqlite:Data Source={source}",
            "--to", $"sqlite:Data Source={Path.Combine(_work.FullName, "x.db")};Password=hunter2");
        Assert.Equal(1, exit);
        Assert.DoesNotContain("hunter2", output + error, StringComparison.Ordinal);

        File.Copy(Path.Combine(acs.DataDirectory, "initial-admin-password"), Path.Combine(moved, "initial-admin-password"));
        await using var served = await AcsProcess.StartOnAsync(moved);
        var devices = (await served.Api.GetFromJsonAsync<JsonArray>("api/devices"))!;
        Assert.Equal(4, devices.Count);
        Assert.All(devices, d => Assert.Equal(CampaignClient.TargetVersion, (string?)d!["softwareVersion"]));
        var done = await new CampaignClient(served.Api).GetAsync(campaign);
        Assert.Equal("completed", CampaignClient.Status(done));
        Assert.Equal(4, CampaignClient.Count(done, "succeeded"));
        Assert.Single((await served.Api.GetFromJsonAsync<JsonArray>("api/firmware"))!);
        // The image's bytes came along in stored_files, whole: their SHA-256 is the image's id.
        await using var copied = new SqliteConnection($"Data Source={Path.Combine(moved, "acs.db")}");
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var chunk in await Dapper.SqlMapper.QueryAsync<byte[]>(copied, "SELECT data FROM stored_file_chunks WHERE file_id = @firmware ORDER BY seq", new { firmware }))
        {
            hash.AppendData(chunk);
        }
        Assert.Equal(firmware, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public void Dispose() => _work.Delete(recursive: true);
}
