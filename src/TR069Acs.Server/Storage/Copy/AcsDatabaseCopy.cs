using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace TR069Acs.Server.Storage.Copy;

/// <summary><c>acs db copy --from … --to …</c> (issue 10 §4): moves an install's database (and the firmware images beside
/// it) to another database, of the same provider or another, generic over <see cref="DbConnection"/>.</summary>
/// <remarks>
/// <para>The target gets this build's migrations first (<see cref="MigrationRunner"/>); the source must be at the same
/// migration version. Every table the source holds but <c>schema_migrations</c> is copied — devices, parameters, tasks,
/// faults, transfers, configuration and its history, tags, secure provisioning, activation codes, syslog, firmware,
/// campaigns and their members, Quartz's <c>QRTZ_</c> rows, operators, tokens, audit, CPE credentials, desired state —
/// in foreign-key order, from one snapshot of the source (a running ACS keeps serving; what it writes after the
/// snapshot's instant is not in the copy). Values go as stored: secrets stay <c>dp1:</c>-encrypted, so the target's
/// nodes need the source's key ring.</para>
/// <para>A target that holds rows is refused unless <see cref="DbCopyOptions.IntoNonEmpty"/>. The copy marks the target
/// (<see cref="CopyMarker"/>) before writing; a re-run of an interrupted copy resumes: rows already there by primary key
/// are skipped, and in a copy into an empty target a table whose rows no longer match the source (it changed between
/// the runs) is emptied and copied again. Each table is verified by row count and by an order-independent checksum of
/// its canonicalised rows, computed the same way on both sides; the marker is dropped when all match.</para>
/// </remarks>
public static class AcsDatabaseCopy
{
    private const string Migrations = "schema_migrations";

    /// <summary>Copies <see cref="DbCopyOptions.From"/> into <see cref="DbCopyOptions.To"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was copied, or the copy stopped; the message says why (never
    /// with a password).</exception>
    public static async Task<DbCopyResult> CopyAsync(DbCopyOptions options, Action<DbCopyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sourceText = Describe("--from", options.From);
        var targetText = Describe("--to", options.To);
        var source = Open("--from", options.From, sourceText);
        var target = Open("--to", options.To, targetText);
        var sourceFile = SqliteFile(source);
        var targetFile = SqliteFile(target);
        if (sourceFile is not null && !File.Exists(sourceFile))
        {
            throw new InvalidOperationException($"--from {sourceText}: there is no database at {sourceFile}.");
        }
        if (sourceText == targetText || (sourceFile is not null && sourceFile == targetFile))
        {
            throw new InvalidOperationException("--from and --to name the same database.");
        }
        if (targetFile is not null)
        {
            PrivateFile(targetFile);
        }

        var sourceCatalog = CopyCatalog.For(source);
        var targetCatalog = CopyCatalog.For(target);
        try
        {
            await using var sourceConnection = await source.OpenAsync(cancellationToken);
            await using var snapshot = await sourceCatalog.BeginSnapshotAsync(sourceConnection, cancellationToken);
            var sourceTables = await sourceCatalog.TablesAsync(sourceConnection, snapshot, cancellationToken);
            if (!sourceTables.Contains(Migrations, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"--from {sourceText} is not an ACS database (it has no {Migrations} table).");
            }
            var sourceVersions = (await sourceConnection.QueryAsync<long>(new CommandDefinition(
                $"SELECT version FROM {Migrations}", transaction: snapshot, cancellationToken: cancellationToken))).ToHashSet();

            await new MigrationRunner(target, NullLogger<MigrationRunner>.Instance).ApplyAsync(cancellationToken);
            await using var targetConnection = await target.OpenAsync(cancellationToken);
            var targetVersions = (await targetConnection.QueryAsync<long>(new CommandDefinition(
                $"SELECT version FROM {Migrations}", cancellationToken: cancellationToken))).ToHashSet();
            CheckVersions(sourceVersions, targetVersions, sourceText);

            var targetTables = (await targetCatalog.TablesAsync(targetConnection, null, cancellationToken))
                .ToDictionary(t => t, StringComparer.OrdinalIgnoreCase);
            var copier = new TableCopier(sourceCatalog, sourceConnection, snapshot, targetCatalog, targetConnection, progress);

            // Resume, refuse, or start.
            bool resumed, intoEmpty;
            if (targetTables.ContainsKey(CopyMarker.Table))
            {
                var marker = await CopyMarker.ReadAsync(targetConnection, cancellationToken);
                var markedSource = marker.GetValueOrDefault("source", "?");
                if (markedSource != sourceText)
                {
                    throw new InvalidOperationException(
                        $"--to {targetText} holds an unfinished copy of {markedSource} (table {CopyMarker.Table}): finish that copy by running it again "
                        + "with that --from, or start from an empty database.");
                }
                resumed = true;
                intoEmpty = marker.GetValueOrDefault("mode") == CopyMarker.IntoEmpty;
            }
            else
            {
                var occupied = new List<string>();
                foreach (var table in targetTables.Keys.Where(t => !t.Equals(Migrations, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase))
                {
                    var rows = await copier.CountTargetAsync(new TableShape(targetTables[table], [], [], [], false), cancellationToken);
                    if (rows > 0)
                    {
                        occupied.Add($"{table} ({rows:N0})");
                    }
                }
                if (occupied.Count > 0 && !options.IntoNonEmpty)
                {
                    throw new InvalidOperationException(
                        $"--to {targetText} is not empty: {string.Join(", ", occupied.Take(8))}{(occupied.Count > 8 ? ", …" : "")}. "
                        + "acs db copy fills an empty database (migrated by it, or new): give it a new database, or add --into-non-empty to keep the "
                        + "target's rows and add the source's rows whose primary keys it lacks.");
                }
                resumed = false;
                intoEmpty = occupied.Count == 0;
                await CopyMarker.CreateAsync(targetConnection, sourceText, intoEmpty ? CopyMarker.IntoEmpty : CopyMarker.IntoNonEmpty, cancellationToken);
            }

            var plans = await PlanAsync(sourceCatalog, sourceConnection, snapshot, sourceTables, targetCatalog, targetConnection, targetTables, copier, sourceText, targetText, cancellationToken);
            var results = new List<DbCopyTable>();
            long secrets = 0;
            string? sample = null;
            foreach (var plan in plans)
            {
                var (table, pass) = await CopyTableAsync(copier, plan, intoEmpty, cancellationToken);
                results.Add(table);
                secrets += pass.Secrets;
                sample ??= pass.SecretSample;
                await targetCatalog.ContinueIdentityAsync(targetConnection, plan.Target, cancellationToken);
                progress?.Invoke(new DbCopyProgress(plan.Source.Name, table.TargetRows, table.SourceRows, DbCopyStage.Done, plan.Index, plan.Tables));
            }

            var warnings = new List<string>();
            var firmware = sourceTables.Contains("firmware_images", StringComparer.OrdinalIgnoreCase)
                ? (await sourceConnection.QueryAsync<string>(new CommandDefinition("SELECT id FROM firmware_images", transaction: snapshot, cancellationToken: cancellationToken))).ToList()
                : [];
            var fromData = Full(options.FromDataDirectory) ?? (sourceFile is null ? null : Path.GetDirectoryName(sourceFile));
            var toData = Full(options.ToDataDirectory) ?? (targetFile is null ? null : Path.GetDirectoryName(targetFile));
            // The target has this build's migrations (015: stored_files): images the source kept on disk only go in there.
            var files = await StoredFilesCopy.StoreFirmwareAsync(targetConnection, firmware, fromData, warnings, cancellationToken);
            StoredFilesCopy.CheckKeyRing(secrets, sample,
                Full(options.FromKeysDirectory) ?? (fromData is null ? null : Path.Combine(fromData, "keys")),
                Full(options.ToKeysDirectory) ?? (toData is null ? null : Path.Combine(toData, "keys")), warnings);

            if (results.All(t => t.Verified))
            {
                await CopyMarker.DropAsync(targetConnection, cancellationToken);
            }
            return new DbCopyResult(sourceText, targetText, results, resumed, !intoEmpty, files, warnings);
        }
        catch (DbException e)
        {
            throw new InvalidOperationException($"acs db copy from {sourceText} to {targetText} stopped: {e.Message} (run the same command again to resume).", e);
        }
    }

    private static async Task<(DbCopyTable Table, CopyPass Pass)> CopyTableAsync(TableCopier copier, TablePlan plan, bool intoEmpty, CancellationToken cancellationToken)
    {
        var before = await copier.CountTargetAsync(plan.Target, cancellationToken);
        var pass = await copier.CopyAsync(plan, checkExisting: before > 0, cancellationToken);
        var after = await copier.CountTargetAsync(plan.Target, cancellationToken);
        var checksum = await copier.ChecksumTargetAsync(plan, pass.Read, cancellationToken);
        var matches = after == pass.Read && checksum.ToString() == pass.Checksum.ToString();
        if (intoEmpty && !matches)
        {
            // Only copied rows are in this table (the marker says so): what differs was copied from an earlier state of
            // the source (it changed between the runs). Empty it and copy it again from this run's snapshot.
            await copier.EmptyTargetAsync(plan.Target, cancellationToken);
            pass = await copier.CopyAsync(plan, checkExisting: false, cancellationToken);
            after = await copier.CountTargetAsync(plan.Target, cancellationToken);
            checksum = await copier.ChecksumTargetAsync(plan, pass.Read, cancellationToken);
            matches = after == pass.Read && checksum.ToString() == pass.Checksum.ToString();
        }
        var verified = intoEmpty
            ? matches
            : pass.Inserted + pass.Kept == pass.Read && pass.Differing == 0 && after >= pass.Read;
        return (new DbCopyTable(plan.Source.Name, pass.Read, after, pass.Inserted, pass.Kept, pass.Differing,
            pass.Checksum.ToString(), checksum.ToString(), verified), pass);
    }

    private static async Task<List<TablePlan>> PlanAsync(
        CopyCatalog sourceCatalog, DbConnection sourceConnection, DbTransaction snapshot, IReadOnlyList<string> sourceTables,
        CopyCatalog targetCatalog, DbConnection targetConnection, Dictionary<string, string> targetTables, TableCopier copier,
        string sourceText, string targetText, CancellationToken cancellationToken)
    {
        var copied = sourceTables
            .Where(t => !t.Equals(Migrations, StringComparison.OrdinalIgnoreCase) && !t.Equals(CopyMarker.Table, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var table in copied.Where(t => !targetTables.ContainsKey(t)))
        {
            throw new InvalidOperationException($"--to {targetText} has no table {table}, which the source holds: the source was not made by this acs.");
        }

        // Referenced tables first (Quartz's triggers reference its jobs), then by name; a cycle falls back to name order.
        var references = (await targetCatalog.ForeignKeysAsync(targetConnection, null, cancellationToken))
            .Where(f => !f.Table.Equals(f.References, StringComparison.OrdinalIgnoreCase))
            .ToLookup(f => f.Table, f => f.References, StringComparer.OrdinalIgnoreCase);
        var ordered = new List<string>();
        var placed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var remaining = copied.Order(StringComparer.OrdinalIgnoreCase).ToList();
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(t => references[targetTables[t]].All(r => placed.Contains(r) || !copied.Contains(r, StringComparer.OrdinalIgnoreCase)))
                ?? remaining[0];
            ordered.Add(next);
            placed.Add(next);
            remaining.Remove(next);
        }

        var plans = new List<TablePlan>();
        foreach (var table in ordered)
        {
            var sourceShape = await sourceCatalog.ShapeAsync(sourceConnection, snapshot, table, cancellationToken);
            var targetShape = await targetCatalog.ShapeAsync(targetConnection, null, targetTables[table], cancellationToken);
            var targetColumns = targetShape.Columns.ToDictionary(c => c, StringComparer.OrdinalIgnoreCase);
            var sourceColumns = sourceShape.Columns.Order(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var column in sourceColumns.Where(c => !targetColumns.ContainsKey(c)))
            {
                throw new InvalidOperationException($"--to {targetText}: table {table} has no column {column}, which {sourceText} holds.");
            }
            var mapped = sourceColumns.Select(c => targetColumns[c]).ToList();
            var key = targetShape.PrimaryKey.Select(k => mapped.FindIndex(c => c.Equals(k, StringComparison.OrdinalIgnoreCase))).ToList();
            if (key.Contains(-1))
            {
                key = [];
            }
            var types = await copier.TargetTypesAsync(targetShape.Name, mapped, cancellationToken);
            plans.Add(new TablePlan(sourceShape, targetShape, sourceColumns, mapped, key, types, plans.Count + 1, ordered.Count));
        }
        return plans;
    }

    private static void CheckVersions(HashSet<long> source, HashSet<long> target, string sourceText)
    {
        var newer = source.Except(target).Order().ToList();
        if (newer.Count > 0)
        {
            throw new InvalidOperationException(
                $"--from {sourceText} has migrations this acs does not know ({string.Join(", ", newer.Select(v => v.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)))}): copy it with the acs version that serves it.");
        }
        var older = target.Except(source).Order().ToList();
        if (older.Count > 0)
        {
            throw new InvalidOperationException(
                $"--from {sourceText} lacks migrations {string.Join(", ", older.Select(v => v.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)))} of this acs: "
                + "start this version's acs serve on it once (it applies them at start), stop it, and copy again.");
        }
    }

    private static string Describe(string flag, string setting)
    {
        if (string.IsNullOrWhiteSpace(setting) || setting.IndexOf(':', StringComparison.Ordinal) <= 0)
        {
            throw new InvalidOperationException(
                $"{flag} must be provider:connection string, e.g. 'sqlite:Data Source=/var/lib/acs/acs.db' or 'postgres:Host=db1;Username=acs;Database=acs'.");
        }
        return ConnectionText.Describe(setting.Trim());
    }

    private static AcsDatabase Open(string flag, string setting, string described)
    {
        try
        {
            return AcsDatabase.FromOptions(new AcsOptions { Database = setting.Trim() });
        }
        catch (InvalidOperationException e)
        {
            // The provider's message may quote the whole setting: never a password in an error.
            var colon = setting.IndexOf(':', StringComparison.Ordinal);
            var message = e.Message.Replace(setting.Trim(), described, StringComparison.Ordinal)
                .Replace(setting[(colon + 1)..].Trim(), described[(described.IndexOf(':', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal);
            throw new InvalidOperationException($"{flag}: {message}");
        }
    }

    private static string? SqliteFile(AcsDatabase database)
    {
        if (database.Dialect.Provider != "sqlite")
        {
            return null;
        }
        var builder = new SqliteConnectionStringBuilder(database.ConnectionString);
        return builder.Mode == SqliteOpenMode.Memory ? null : Path.GetFullPath(builder.DataSource);
    }

    private static string? Full(string? path) => string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);

    // A new SQLite target holds every device's data: 0600 from the start, as acs serve creates its own.
    private static void PrivateFile(string file)
    {
        if (OperatingSystem.IsWindows() || File.Exists(file))
        {
            return;
        }
        using (new FileStream(file, new FileStreamOptions
               {
                   Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
               }))
        {
        }
    }
}
