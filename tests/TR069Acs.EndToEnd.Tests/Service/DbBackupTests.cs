using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TR069Acs.EndToEnd.Tests.Campaigns;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.EndToEnd.Tests.Service;

/// <summary>Issue 15 §5: <c>acs db backup</c> takes a consistent backup while <c>acs serve</c> runs and writes, <c>acs db
/// restore</c> puts it back (refused while the server runs), and the files the server creates are private.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DbBackupTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("acs-backup-test-");

    [Fact]
    public async Task A_backup_taken_during_live_writes_restores_a_consistent_database_and_its_files()
    {
        await using var acs = await AcsProcess.StartAsync();
        var image = FirmwareImage.Pack(["CP-8841-3PCC"], "sip88xx.12-0-1MPP0001-9", RandomNumberGenerator.GetBytes(4096));
        using (var upload = await acs.Api.PostAsync("api/firmware", new ByteArrayContent(image)))
        {
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }
        var firmwareBefore = Hashes(Path.Combine(acs.DataDirectory, "firmware"));
        Assert.NotEmpty(firmwareBefore);

        // Writes keep coming while the backup runs: one operator account created after another.
        using var stopWriting = new CancellationTokenSource();
        var created = 0;
        var writer = Task.Run(async () =>
        {
            while (!stopWriting.IsCancellationRequested)
            {
                using var response = await acs.Api.PostAsJsonAsync("api/users", new { name = $"writer{created + 1}", role = "viewer" });
                Assert.True(response.StatusCode == HttpStatusCode.Created || response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                Interlocked.Increment(ref created);
            }
        });
        await Eventually.TrueAsync(() => Volatile.Read(ref created) >= 5, "the writer to create its first accounts", 60);
        var createdBeforeBackup = Volatile.Read(ref created);

        var archive = Path.Combine(_work.FullName, "backup.tar.gz");
        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName, "db", "backup", "--data", acs.DataDirectory, "--out", archive);
        var createdAfterBackup = Volatile.Read(ref created);
        Assert.True(exit == 0, $"acs db backup exited {exit}:\n{output}\n{error}");
        Assert.Contains("stored files", output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
        await Eventually.TrueAsync(() => Volatile.Read(ref created) > createdAfterBackup, "writes to go on after the backup", 60);
        await stopWriting.CancelAsync();
        await Bounded.WithinAsync(writer, "the writer to stop", 60);

        // Restoring under the running server is refused, and says how.
        var (refused, _, refusal) = await AcsCli.RunAsync(_work.FullName, "db", "restore", "--data", acs.DataDirectory, "--in", archive, "--force");
        Assert.Equal(1, refused);
        Assert.Contains("acs serve is running", refusal, StringComparison.Ordinal);

        await acs.KillAsync();
        var (restored, restoreOutput, restoreError) = await AcsCli.RunAsync(_work.FullName, "db", "restore", "--data", acs.DataDirectory, "--in", archive, "--force");
        Assert.True(restored == 0, $"acs db restore exited {restored}:\n{restoreOutput}\n{restoreError}");
        Assert.Single(Directory.GetDirectories(acs.DataDirectory, "before-restore-*"));

        await acs.StartAgainAsync(); // logs in with the password of the backup: the users table came back
        var users = (await acs.Api.GetFromJsonAsync<JsonArray>("api/users"))!
            .Select(u => (string?)u!["name"]).Where(n => n!.StartsWith("writer", StringComparison.Ordinal)).ToList();
        // One instant between the writes before and after the backup: no account half-written, none from later.
        Assert.InRange(users.Count, createdBeforeBackup, createdAfterBackup);
        Assert.Equal(Enumerable.Range(1, users.Count).Select(i => $"writer{i}").Order(), users.Order());
        Assert.Equal(firmwareBefore, Hashes(Path.Combine(acs.DataDirectory, "firmware")));
        var firmware = (await acs.Api.GetFromJsonAsync<JsonArray>("api/firmware"))!;
        Assert.Single(firmware);
    }

    [Fact]
    public async Task The_database_and_key_files_are_private_to_the_service_account()
    {
        await using var acs = await AcsProcess.StartAsync();
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(acs.DataDirectory, "acs.db")));
        var keys = Directory.GetFiles(Path.Combine(acs.DataDirectory, "keys"));
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Equal(owner, File.GetUnixFileMode(key)));
        Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(acs.DataDirectory, "keys")));

        // A data directory acs serve creates itself is private too.
        var fresh = Path.Combine(_work.FullName, "fresh-data");
        var (exit, _, error) = await AcsCli.RunAsync(_work.FullName, "serve", "--data", fresh, "--Acs:CwmpPort", "-5");
        Assert.Equal(2, exit);
        Assert.Contains("Acs:CwmpPort", error, StringComparison.Ordinal);
        if (Directory.Exists(fresh))
        {
            Assert.Equal(owner | UnixFileMode.UserExecute, File.GetUnixFileMode(fresh));
        }
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_is_refused()
    {
        await using var acs = await AcsProcess.StartAsync();
        var (exit, output, error) = await AcsCli.RunAsync(_work.FullName, "serve", "--data", acs.DataDirectory,
            "--Acs:ListenAddress", "127.0.0.1", "--Acs:CwmpPort", "0", "--Acs:ApiPort", "0", "--Acs:FilesPort", "0", "--Acs:FilesTlsPort", "0",
            "--tftp-port", "-1", "--syslog-port", "-1");

        Assert.Equal(4, exit);
        Assert.Contains("another acs serve", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string> Hashes(string directory)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(directory, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        return result;
    }

    public void Dispose() => _work.Delete(recursive: true);
}
