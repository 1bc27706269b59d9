using System.CommandLine;
using TR069Acs.Server;
using TR069Acs.Server.Storage;

namespace TR069Acs.Cli.Commands;

/// <summary><c>acs db backup|restore</c>: a consistent online backup of the embedded SQLite database and its stored files
/// (firmware images, the key ring), and putting one back (issue 15 §5); <c>acs db copy</c>: moving an install to another
/// database (issue 10 §4).</summary>
internal static partial class DbCommand
{
    public static Command Create() => new("db", "Back up the ACS's database and stored files while it serves, restore them, or copy them to another database.")
    {
        Backup(),
        Restore(),
        Copy(),
    };

    private static Command Backup()
    {
        var options = DataOptions();
        var output = new Option<FileInfo>("--out") { Description = "The archive to write (gzip'd tar, mode 0600), e.g. acs-backup-2026-12-06.tar.gz.", Required = true };
        var command = new Command("backup", """
            Write a consistent backup while acs serve runs and writes: the SQLite database as of one instant (VACUUM INTO)
            and every file stored under --data (firmware images, the key ring under keys/ that decrypts stored secrets,
            initial-admin-password), plus Acs:KeysDirectory when it lies elsewhere. Keep backups as private as the key ring.
            """) { options.Data, options.Db, options.Keys, output };
        command.SetAction(async (result, cancellationToken) =>
        {
            PrivateFiles.Apply();
            return await RunAsync(async () =>
            {
                var contents = await AcsBackup.BackupAsync(Options(result, options), result.GetValue(output)!.FullName, cancellationToken);
                Console.WriteLine($"backed up the database ({contents.DatabaseBytes:N0} bytes) and {contents.Files.Count} stored files to {contents.Archive}");
            });
        });
        return command;
    }

    private static Command Restore()
    {
        var options = DataOptions();
        var input = new Option<FileInfo>("--in") { Description = "The archive acs db backup wrote.", Required = true }.AcceptExistingOnly();
        var force = new Option<bool>("--force") { Description = "Replace a database already in --data (what is there is moved to DATA/before-restore-TIME/, not deleted)." };
        var command = new Command("restore", """
            Put a backup back into --data. Refused while an acs serve runs on that directory: stop the service, restore,
            start it again (a backup from an older version is migrated at that start).
            """) { options.Data, options.Db, options.Keys, input, force };
        command.SetAction(async (result, cancellationToken) =>
        {
            PrivateFiles.Apply();
            return await RunAsync(async () =>
            {
                var contents = await AcsBackup.RestoreAsync(Options(result, options), result.GetValue(input)!.FullName, result.GetValue(force), cancellationToken);
                Console.WriteLine($"restored the database ({contents.DatabaseBytes:N0} bytes) and {contents.Files.Count} stored files from {contents.Archive}");
            });
        });
        return command;
    }

    private static (Option<string> Data, Option<string?> Db, Option<string?> Keys) DataOptions()
        => (new Option<string>("--data") { Description = "Data directory of the ACS (as acs serve --data).", DefaultValueFactory = _ => "./data" },
            new Option<string?>("--db") { Description = "Database instead of SQLite under --data (as acs serve --db)." },
            new Option<string?>("--keys-dir") { Description = "The key ring's directory when Acs:KeysDirectory puts it outside --data." });

    private static AcsOptions Options(ParseResult result, (Option<string> Data, Option<string?> Db, Option<string?> Keys) o)
        => new() { DataDirectory = result.GetValue(o.Data)!, Database = result.GetValue(o.Db), KeysDirectory = result.GetValue(o.Keys) };

    private static async Task<int> RunAsync(Func<Task> action)
    {
        try
        {
            await action();
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("acs db: " + e.Message);
            return ExitCodes.Failed;
        }
    }
}
