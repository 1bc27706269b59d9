using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace TR069Acs.Server.Storage;

/// <summary>What a backup holds: the database snapshot and the stored files, by their path in the archive.</summary>
/// <param name="Archive">The archive written or read.</param>
/// <param name="DatabaseBytes">Size of the database snapshot.</param>
/// <param name="Files">The stored files (firmware images, key ring …), relative to the data directory (<c>keys-dir/…</c>
/// for a key ring outside it).</param>
public sealed record AcsBackupContents(string Archive, long DatabaseBytes, IReadOnlyList<string> Files);

/// <summary><c>acs db backup</c> / <c>acs db restore</c> (issue 15 §5): a consistent online backup of the embedded SQLite
/// database and the files stored beside it, as one gzip'd tar archive.</summary>
/// <remarks>
/// The database is copied with <c>VACUUM INTO</c>: one read transaction, so the copy is the database as of one instant
/// even while <c>acs serve</c> writes (WAL mode: writers are not blocked). The stored files (firmware images under
/// <c>firmware/</c>, the Data Protection key ring under <c>keys/</c> — without it no stored secret can be decrypted —,
/// <c>initial-admin-password</c>, anything else in the data directory) are copied after it; an image is never changed
/// once stored, so the only difference a concurrent upload makes is an extra file the database does not name yet.
/// </remarks>
public static class AcsBackup
{
    private const string DatabaseEntry = "acs.db";
    private const string ManifestEntry = "manifest.json";
    private const string DataPrefix = "data/";
    private const string KeysPrefix = "keys-dir/";
    private const string AsideDirectoryPrefix = "before-restore-";
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes the backup of the ACS that <paramref name="options"/> describe to <paramref name="archive"/> (mode 0600;
    /// written beside it, then renamed, so a failed backup never leaves a partial archive under that name).</summary>
    /// <exception cref="InvalidOperationException">No database there, a database this build cannot back up, or the snapshot
    /// failed its integrity check; the message says which.</exception>
    public static async Task<AcsBackupContents> BackupAsync(AcsOptions options, string archive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var databaseFile = DatabaseFile(options);
        if (!File.Exists(databaseFile))
        {
            throw new InvalidOperationException($"no ACS database at {databaseFile}: give the --data (or --db) of acs serve.");
        }
        var target = Path.GetFullPath(archive);
        var targetDirectory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(targetDirectory);
        var work = Directory.CreateTempSubdirectory("acs-backup-");
        try
        {
            var snapshot = Path.Combine(work.FullName, DatabaseEntry);
            await SnapshotAsync(databaseFile, snapshot, cancellationToken);
            await CheckIntegrityAsync(snapshot, "the snapshot", cancellationToken);
            var files = StoredFiles(options, target).ToList();
            var partial = target + ".partial";
            await using (var output = new FileStream(partial, PrivateCreate()))
            {
                await using var gzip = new GZipStream(output, CompressionLevel.Fastest);
                await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
                var manifest = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    format = 1,
                    created = DateTimeOffset.UtcNow,
                    source = Path.GetFullPath(options.DataDirectory),
                    database = DatabaseEntry,
                    files = files.Select(f => f.Entry),
                }, new JsonSerializerOptions { WriteIndented = true });
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, ManifestEntry)
                {
                    DataStream = new MemoryStream(manifest),
                    Mode = OwnerFile,
                }, cancellationToken);
                await tar.WriteEntryAsync(snapshot, DatabaseEntry, cancellationToken);
                foreach (var (path, entry) in files)
                {
                    try
                    {
                        await tar.WriteEntryAsync(path, entry, cancellationToken);
                    }
                    catch (FileNotFoundException)
                    {
                        // Deleted since it was listed (a firmware image removed meanwhile): the snapshot may still name it,
                        // which restore reports like any missing image.
                    }
                }
            }
            File.Move(partial, target, overwrite: true);
            return new AcsBackupContents(target, new FileInfo(snapshot).Length, files.Select(f => f.Entry).ToList());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Puts a backup back into the data directory of <paramref name="options"/>. Refused while an <c>acs serve</c>
    /// holds that directory, and, unless <paramref name="force"/>, when a database is already there; with it, what was
    /// there is moved into <c>DATA/before-restore-TIME/</c> (nothing is deleted).</summary>
    /// <exception cref="InvalidOperationException">The message says why nothing was restored.</exception>
    public static async Task<AcsBackupContents> RestoreAsync(AcsOptions options, string archive, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Database))
        {
            throw new InvalidOperationException("acs db restore puts the SQLite database back under --data; restore a database given with --db by copying acs.db from the archive to its Data Source.");
        }
        var source = Path.GetFullPath(archive);
        if (!File.Exists(source))
        {
            throw new InvalidOperationException($"no backup at {source}.");
        }
        var data = Path.GetFullPath(options.DataDirectory);
        using var held = DataDirectoryLock.TryAcquire(data)
            ?? throw new InvalidOperationException(
                $"an acs serve is running on {data} (it holds {DataDirectoryLock.FileName}): stop it first (systemctl stop tr069acs), then restore, then start it again.");
        var databaseFile = DatabaseFile(options);
        if (File.Exists(databaseFile) && !force)
        {
            throw new InvalidOperationException(
                $"{data} already holds a database: add --force to replace it (what is there now is moved to {Path.Combine(data, AsideDirectoryPrefix)}TIME/, not deleted).");
        }

        var staging = Directory.CreateDirectory(Path.Combine(data, ".restore-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            var files = await ExtractAsync(source, staging.FullName, cancellationToken);
            var stagedDatabase = Path.Combine(staging.FullName, DatabaseEntry);
            if (!File.Exists(stagedDatabase))
            {
                throw new InvalidOperationException($"{source} holds no {DatabaseEntry}: not a backup of acs db backup.");
            }
            await CheckIntegrityAsync(stagedDatabase, source, cancellationToken);

            // Everything that is there now (but the lock, the staging area and earlier set-asides) goes aside first.
            var aside = Path.Combine(data, AsideDirectoryPrefix + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var entry in new DirectoryInfo(data).EnumerateFileSystemInfos())
            {
                if (entry.Name == DataDirectoryLock.FileName || entry.FullName == staging.FullName || entry.Name.StartsWith(AsideDirectoryPrefix, StringComparison.Ordinal))
                {
                    continue;
                }
                Directory.CreateDirectory(aside);
                MoveEntry(entry, Path.Combine(aside, entry.Name));
            }
            var keys = KeysDirectoryOutside(options);
            if (keys is not null && Directory.Exists(keys) && Directory.EnumerateFileSystemEntries(keys).Any()
                && Directory.Exists(Path.Combine(staging.FullName, KeysPrefix.TrimEnd('/'))))
            {
                Directory.CreateDirectory(aside);
                Directory.Move(keys, Path.Combine(aside, "keys-dir"));
            }

            File.Move(stagedDatabase, databaseFile);
            var stagedData = Path.Combine(staging.FullName, DataPrefix.TrimEnd('/'));
            if (Directory.Exists(stagedData))
            {
                foreach (var entry in new DirectoryInfo(stagedData).EnumerateFileSystemInfos())
                {
                    MoveEntry(entry, Path.Combine(data, entry.Name));
                }
            }
            var stagedKeys = Path.Combine(staging.FullName, KeysPrefix.TrimEnd('/'));
            if (keys is not null && Directory.Exists(stagedKeys))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(keys)!);
                if (Directory.Exists(keys))
                {
                    Directory.Delete(keys); // empty, or moved aside above
                }
                Directory.Move(stagedKeys, keys);
            }
            return new AcsBackupContents(source, new FileInfo(databaseFile).Length, files);
        }
        finally
        {
            if (staging.Exists)
            {
                staging.Delete(recursive: true);
            }
        }
    }

    /// <summary>The SQLite file of <paramref name="options"/>.</summary>
    /// <exception cref="InvalidOperationException">A database other than SQLite on a file.</exception>
    private static string DatabaseFile(AcsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            return Path.Combine(Path.GetFullPath(options.DataDirectory), "acs.db");
        }
        var setting = options.Database.Trim();
        if (!setting.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"acs db backup copies the embedded SQLite database; '{setting.Split(':')[0]}' is backed up with that database's own tools.");
        }
        var builder = new SqliteConnectionStringBuilder(setting["sqlite:".Length..]);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new InvalidOperationException("Acs:Database names no SQLite file to back up.");
        }
        return Path.GetFullPath(builder.DataSource);
    }

    private static async Task SnapshotAsync(string databaseFile, string snapshot, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The server's busy timeout: a checkpoint in progress delays the read transaction briefly, never fails it.
        command.CommandText = "PRAGMA busy_timeout=10000; VACUUM INTO $path;";
        command.Parameters.AddWithValue("$path", snapshot);
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(snapshot, OwnerFile);
        }
    }

    private static async Task CheckIntegrityAsync(string file, string what, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        string? result;
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            result = (await command.ExecuteScalarAsync(cancellationToken))?.ToString();
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException($"the database in {what} cannot be read: {e.Message}", e);
        }
        if (result != "ok")
        {
            throw new InvalidOperationException($"the database in {what} fails SQLite's integrity check: {result}");
        }
    }

    // Every file under the data directory but the live database, its WAL and lock, earlier set-asides and the archive
    // being written; and the key ring when Acs:KeysDirectory puts it elsewhere.
    private static IEnumerable<(string Path, string Entry)> StoredFiles(AcsOptions options, string archive)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        var skip = new HashSet<string>(StringComparer.Ordinal) { "acs.db", "acs.db-wal", "acs.db-shm", "acs.db-journal", DataDirectoryLock.FileName };
        foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(data, file).Replace('\\', '/');
            var top = relative.Split('/')[0];
            if ((relative == top && skip.Contains(relative)) || top.StartsWith(AsideDirectoryPrefix, StringComparison.Ordinal)
                || top.StartsWith(".restore-", StringComparison.Ordinal) || file == archive || file == archive + ".partial")
            {
                continue;
            }
            yield return (file, DataPrefix + relative);
        }
        if (KeysDirectoryOutside(options) is { } keys && Directory.Exists(keys))
        {
            foreach (var file in Directory.EnumerateFiles(keys, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return (file, KeysPrefix + Path.GetRelativePath(keys, file).Replace('\\', '/'));
            }
        }
    }

    private static string? KeysDirectoryOutside(AcsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            return null;
        }
        var keys = Path.GetFullPath(options.KeysDirectory);
        var data = Path.GetFullPath(options.DataDirectory) + Path.DirectorySeparatorChar;
        return keys.StartsWith(data, StringComparison.Ordinal) ? null : keys;
    }

    // Entries are written under the staging directory only: an absolute name or one with ".." is refused.
    private static async Task<IReadOnlyList<string>> ExtractAsync(string archive, string staging, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        try
        {
            await using var input = File.OpenRead(archive);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(cancellationToken: cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.Name == ManifestEntry)
                {
                    continue;
                }
                var name = entry.Name.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Contains("..") || !(name == DatabaseEntry || name.StartsWith(DataPrefix, StringComparison.Ordinal) || name.StartsWith(KeysPrefix, StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"{archive} holds an entry '{entry.Name}' outside a backup's layout: not restored.");
                }
                var target = Path.Combine(staging, name);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await entry.ExtractToFileAsync(target, overwrite: false, cancellationToken);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, OwnerFile);
                }
                if (name != DatabaseEntry)
                {
                    files.Add(name);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidOperationException($"{archive} is not a backup of acs db backup (a gzip'd tar archive): {e.Message}", e);
        }
        return files;
    }

    private static void MoveEntry(FileSystemInfo entry, string target)
    {
        if (entry is DirectoryInfo directory)
        {
            directory.MoveTo(target);
        }
        else
        {
            File.Move(entry.FullName, target);
        }
    }

    private static FileStreamOptions PrivateCreate()
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }
        return options;
    }
}
