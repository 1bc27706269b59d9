using System.Data.Common;
using System.Globalization;
using System.Text;

namespace TR069Acs.Server.Storage.Copy;

/// <summary>Copies the rows of one table from the source's snapshot into the target in multi-row INSERTs, skipping rows
/// whose primary key the target already holds, and checksums both sides the same way.</summary>
internal sealed class TableCopier(
    CopyCatalog sourceCatalog, DbConnection source, DbTransaction snapshot,
    CopyCatalog targetCatalog, DbConnection target, Action<DbCopyProgress>? progress)
{
    /// <summary>Bound parameters per statement: under the brief's 2,000, itself under SQL Server's limit of 2,100.</summary>
    public const int MaxParameters = 1_900;

    /// <summary>Rows per INSERT: SQL Server takes at most 1,000 rows in one VALUES list.</summary>
    public const int MaxRowsPerStatement = 1_000;

    /// <summary>Rows per target transaction: big enough that commits do not dominate, small enough that an interrupted copy
    /// loses little and no transaction grows without bound.</summary>
    private const int RowsPerTransaction = 10_000;

    private readonly RowCanonicalizer _canonical = new();
    private readonly byte[] _hash = new byte[32];

    /// <summary>Rows per statement for a table of <paramref name="columns"/> columns.</summary>
    public static int RowsPerStatement(int columns) => Math.Clamp(MaxParameters / Math.Max(1, columns), 1, MaxRowsPerStatement);

    /// <summary>Rows in the source table, in the snapshot.</summary>
    public Task<long> CountSourceAsync(TableShape table, CancellationToken cancellationToken)
        => CountAsync(source, snapshot, sourceCatalog, table, cancellationToken);

    /// <summary>Rows in the target table now.</summary>
    public Task<long> CountTargetAsync(TableShape table, CancellationToken cancellationToken)
        => CountAsync(target, null, targetCatalog, table, cancellationToken);

    /// <summary>Removes every row of the target table (only for a table of a copy the target is marked as ours).</summary>
    public async Task EmptyTargetAsync(TableShape table, CancellationToken cancellationToken)
    {
        await using var command = target.CreateCommand();
        command.CommandText = targetCatalog.Empty(table);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads every source row (checksumming it) and inserts those the target lacks. With
    /// <paramref name="checkExisting"/> each batch first looks its keys up in the target; otherwise all are inserted.</summary>
    public async Task<CopyPass> CopyAsync(TablePlan plan, bool checkExisting, CancellationToken cancellationToken)
    {
        var total = await CountSourceAsync(plan.Source, cancellationToken);
        var checksum = new TableChecksum();
        var batchSize = RowsPerStatement(plan.SourceColumns.Count);
        var batch = new List<object?[]>(batchSize);
        long inserted = 0, kept = 0, differing = 0, secrets = 0, inTransaction = 0;
        string? sample = null;
        DbTransaction? transaction = null;
        progress?.Invoke(new DbCopyProgress(plan.Source.Name, 0, total, DbCopyStage.Copying, plan.Index, plan.Tables));
        try
        {
            await using (var command = source.CreateCommand())
            {
                command.Transaction = snapshot;
                command.CommandText = Select(sourceCatalog, plan.Source.Name, plan.SourceColumns);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = new object?[plan.SourceColumns.Count];
                    for (var i = 0; i < row.Length; i++)
                    {
                        var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                        if (value is string s && s.StartsWith(Security.SecretProtector.Prefix, StringComparison.Ordinal))
                        {
                            secrets++;
                            sample ??= s;
                        }
                        row[i] = value;
                    }
                    checksum.Add(RowHash(row));
                    batch.Add(row);
                    if (batch.Count == batchSize)
                    {
                        await FlushAsync();
                    }
                }
            }
            await FlushAsync();
            if (transaction is not null)
            {
                await targetCatalog.AfterInsertAsync(target, transaction, plan.Target, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        return new CopyPass(checksum.Rows, inserted, kept, differing, checksum, secrets, sample);

        async Task FlushAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }
            if (transaction is null)
            {
                transaction = await target.BeginTransactionAsync(cancellationToken);
                await targetCatalog.BeforeInsertAsync(target, transaction, plan.Target, cancellationToken);
            }
            var missing = batch;
            if (checkExisting && plan.Key.Count > 0)
            {
                var existing = await ExistingAsync(plan, transaction, batch, cancellationToken);
                missing = [];
                foreach (var row in batch)
                {
                    if (existing.TryGetValue(Key(plan, row), out var stored))
                    {
                        kept++;
                        if (!RowHash(row).SequenceEqual(stored))
                        {
                            differing++;
                        }
                    }
                    else
                    {
                        missing.Add(row);
                    }
                }
            }
            if (missing.Count > 0)
            {
                await InsertAsync(plan, transaction, missing, cancellationToken);
                inserted += missing.Count;
                inTransaction += missing.Count;
            }
            batch.Clear();
            if (inTransaction >= RowsPerTransaction)
            {
                await targetCatalog.AfterInsertAsync(target, transaction, plan.Target, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                transaction = null;
                inTransaction = 0;
            }
            progress?.Invoke(new DbCopyProgress(plan.Source.Name, checksum.Rows, total, DbCopyStage.Copying, plan.Index, plan.Tables));
        }
    }

    /// <summary>Reads the target table back and checksums it exactly as the source was.</summary>
    public async Task<TableChecksum> ChecksumTargetAsync(TablePlan plan, long total, CancellationToken cancellationToken)
    {
        var checksum = new TableChecksum();
        await using var command = target.CreateCommand();
        command.CommandText = Select(targetCatalog, plan.Target.Name, plan.TargetColumns);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new object?[plan.TargetColumns.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            checksum.Add(RowHash(row));
            if (checksum.Rows % 5_000 == 0)
            {
                progress?.Invoke(new DbCopyProgress(plan.Source.Name, checksum.Rows, total, DbCopyStage.Verifying, plan.Index, plan.Tables));
            }
        }
        return checksum;
    }

    /// <summary>The .NET types the target's provider reports for the columns (a query that returns no row).</summary>
    public async Task<IReadOnlyList<Type?>> TargetTypesAsync(string table, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        if (targetCatalog.Typeless)
        {
            return columns.Select(_ => (Type?)null).ToList();
        }
        await using var command = target.CreateCommand();
        command.CommandText = Select(targetCatalog, table, columns) + " WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return Enumerable.Range(0, columns.Count).Select(i => (Type?)reader.GetFieldType(i)).ToList();
    }

    private byte[] RowHash(object?[] row)
    {
        _canonical.Reset();
        foreach (var value in row)
        {
            _canonical.Append(value);
        }
        _canonical.Hash(_hash);
        return _hash;
    }

    private string Key(TablePlan plan, object?[] row)
    {
        _canonical.Reset();
        foreach (var i in plan.Key)
        {
            _canonical.Append(row[i]);
        }
        return Convert.ToBase64String(_canonical.Written);
    }

    // The target's rows with the batch's keys, by canonical key, with their row hashes.
    private async Task<Dictionary<string, byte[]>> ExistingAsync(TablePlan plan, DbTransaction transaction, List<object?[]> batch, CancellationToken cancellationToken)
    {
        await using var command = target.CreateCommand();
        command.Transaction = transaction;
        var where = new StringBuilder();
        var p = 0;
        if (plan.Key.Count == 1)
        {
            var k = plan.Key[0];
            where.Append(targetCatalog.Quote(plan.TargetColumns[k])).Append(" IN (");
            for (var r = 0; r < batch.Count; r++)
            {
                where.Append(r == 0 ? "" : ", ").Append(Parameter(command, plan, k, batch[r][k], ref p));
            }
            where.Append(')');
        }
        else
        {
            for (var r = 0; r < batch.Count; r++)
            {
                where.Append(r == 0 ? "(" : " OR (");
                for (var j = 0; j < plan.Key.Count; j++)
                {
                    var k = plan.Key[j];
                    where.Append(j == 0 ? "" : " AND ").Append(targetCatalog.Quote(plan.TargetColumns[k])).Append(" = ")
                        .Append(Parameter(command, plan, k, batch[r][k], ref p));
                }
                where.Append(')');
            }
        }
        command.CommandText = Select(targetCatalog, plan.Target.Name, plan.TargetColumns) + " WHERE " + where;
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var row = new object?[plan.TargetColumns.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            result[Key(plan, row)] = RowHash(row).ToArray();
        }
        return result;
    }

    private async Task InsertAsync(TablePlan plan, DbTransaction transaction, List<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var command = target.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(targetCatalog.InsertInto(plan.Target, plan.TargetColumns));
        var p = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < plan.TargetColumns.Count; c++)
            {
                sql.Append(c == 0 ? "" : ", ").Append(Parameter(command, plan, c, rows[r][c], ref p));
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Parameter(DbCommand command, TablePlan plan, int column, object? value, ref int index)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@p" + index.ToString(CultureInfo.InvariantCulture);
        parameter.Value = ValueConversion.ToTarget(value, plan.TargetTypes[column], plan.Target.Name, plan.TargetColumns[column]);
        command.Parameters.Add(parameter);
        index++;
        return parameter.ParameterName;
    }

    private static string Select(CopyCatalog catalog, string table, IReadOnlyList<string> columns)
        => $"SELECT {string.Join(", ", columns.Select(catalog.Quote))} FROM {catalog.Quote(table)}";

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, CopyCatalog catalog, TableShape table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM {catalog.Quote(table.Name)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
