using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Security;

/// <summary>At start, before any listener accepts a connection: proves the key ring can decrypt what the database holds,
/// then rewrites every secret still stored in plaintext (a database from before encryption, or rows written by an older
/// node) to its protected form.</summary>
/// <remarks>Idempotent (protected values are skipped), batched (<see cref="BatchSize"/> rows per transaction, keyed
/// paging so a large table is read once), and safe beside running nodes: a row is rewritten only if it still holds the
/// plaintext that was read. Counts are logged, values never.</remarks>
internal sealed partial class SecretsAtRestMigration(AcsDatabase database, StoredSecrets secrets, ILogger<SecretsAtRestMigration> logger)
{
    /// <summary>Rows rewritten per transaction: small enough to keep SQLite's single writer free for other nodes' sessions.</summary>
    public const int BatchSize = 500;

    private static readonly string BatchLimit = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private SecretProtector Protector => secrets.Protector;

    /// <summary>Checks the key ring, then encrypts the plaintext secrets; returns the number of values encrypted.</summary>
    /// <exception cref="SecretKeyRingException">The database holds secrets the key ring cannot decrypt.</exception>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await CheckKeyRingAsync(connection, cancellationToken);
        var dialect = database.Dialect;
        var rewriteState = await dialect.BeginSecretRewriteAsync(connection, cancellationToken);
        var total = 0;
        total += await MigrateAsync(connection, "tasks", "id", "payload", cancellationToken);
        total += await MigrateAsync(connection, "tasks", "id", "result", cancellationToken);
        total += await MigrateAsync(connection, "connection_request_credentials", "device_id", "password", cancellationToken);
        total += await MigrateAsync(connection, "secure_provisioning", "device_id", "key_text", cancellationToken);
        total += await MigrateConfigAsync(connection, cancellationToken);
        total += await MigrateParametersAsync(connection, cancellationToken);
        if (total > 0)
        {
            if (dialect.CompactsAfterSecretRewrite)
            {
                Log.Compacting(logger);
                if (!await dialect.CompactAfterSecretRewriteAsync(connection, cancellationToken))
                {
                    Log.CheckpointBusy(logger);
                }
            }
            Log.Total(logger, total);
        }
        await dialect.EndSecretRewriteAsync(connection, rewriteState, cancellationToken);
        return total;
    }

    // One protected value that does not decrypt means the key ring is not the one the database was written with: say so
    // once, clearly, before anything reads secrets (a session, a profile) and fails one request at a time.
    private async Task CheckKeyRingAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // (name, value) pairs; a null name stands for a column that holds nothing but secrets.
        string[] probes =
        [
            database.Dialect.Limit("SELECT NULL, key_text FROM secure_provisioning WHERE key_text LIKE 'dp1:%'", "1"),
            database.Dialect.Limit("SELECT NULL, password FROM connection_request_credentials WHERE password LIKE 'dp1:%'", "1"),
            database.Dialect.Limit("SELECT NULL, payload FROM tasks WHERE payload LIKE 'dp1:%' ORDER BY id DESC", "1"),
            database.Dialect.Limit("SELECT name, value FROM config_values WHERE value LIKE 'dp1:%'", "50"),
            database.Dialect.Limit("SELECT name, value FROM device_parameters WHERE value LIKE 'dp1:%'", "50"),
        ];
        foreach (var probe in probes)
        {
            var rows = await connection.QueryAsync<(string? Name, string Value)>(new CommandDefinition(probe, cancellationToken: cancellationToken));
            foreach (var (name, stored) in rows)
            {
                if (name is not null && !secrets.IsSecretSetting(name) && !secrets.IsSecretParameter(name))
                {
                    continue;   // an ordinary value that happens to start with the prefix
                }
                try
                {
                    Protector.Unprotect(stored);
                }
                catch (SecretKeyRingException ex)
                {
                    Log.KeyRingMismatch(logger, Protector.KeysDirectory ?? "");
                    throw new SecretKeyRingException("The ACS did not start. " + ex.Message, ex.InnerException);
                }
                return;
            }
        }
    }

    private async Task<int> MigrateConfigAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var names = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT name FROM config_values", cancellationToken: cancellationToken))).Where(secrets.IsSecretSetting).ToList();
        var count = 0;
        foreach (var name in names)
        {
            (string Kind, string Key)? after = null;
            while (true)
            {
                var rows = (await connection.QueryAsync<(string Kind, string Key, string Value)>(new CommandDefinition(database.Dialect.Limit($"""
                    SELECT scope_kind, scope_key, value FROM config_values
                    WHERE name = @Name AND value NOT LIKE 'dp1:%' AND value <> ''{(after is null ? "" : " AND (scope_kind, scope_key) > (@AfterKind, @AfterKey)")}
                    ORDER BY scope_kind, scope_key
                    """, BatchLimit), new { Name = name, AfterKind = after?.Kind, AfterKey = after?.Key }, cancellationToken: cancellationToken))).AsList();
                if (rows.Count == 0)
                {
                    break;
                }
                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    foreach (var row in rows)
                    {
                        count += await connection.ExecuteAsync(new CommandDefinition(
                            "UPDATE config_values SET value = @New WHERE scope_kind = @Kind AND scope_key = @Key AND name = @Name AND value = @Old",
                            new { New = Protector.Protect(row.Value), row.Kind, row.Key, Name = name, Old = row.Value }, transaction,
                            cancellationToken: cancellationToken));
                    }
                    await transaction.CommitAsync(cancellationToken);
                }
                after = (rows[^1].Kind, rows[^1].Key);
            }
        }
        Report("config_values.value", count);
        return count;
    }

    private async Task<int> MigrateParametersAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var count = 0;
        (string DeviceId, string Name)? after = null;
        while (true)
        {
            // Candidates by SQL (LIKE is case-insensitive: a superset), the exact rule in C#.
            var rows = (await connection.QueryAsync<(string DeviceId, string Name, string Value)>(new CommandDefinition(database.Dialect.Limit($"""
                SELECT device_id, name, value FROM device_parameters
                WHERE (name LIKE '%Password' OR name LIKE '%X\_CISCO\_COM\_FlatProfile.%' ESCAPE '\')
                  AND value IS NOT NULL AND value <> '' AND value NOT LIKE 'dp1:%'{(after is null ? "" : " AND (device_id, name) > (@AfterDevice, @AfterName)")}
                ORDER BY device_id, name
                """, BatchLimit), new { AfterDevice = after?.DeviceId, AfterName = after?.Name }, cancellationToken: cancellationToken))).AsList();
            if (rows.Count == 0)
            {
                break;
            }
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                foreach (var row in rows.Where(r => secrets.IsSecretParameter(r.Name)))
                {
                    count += await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE device_parameters SET value = @New WHERE device_id = @DeviceId AND name = @Name AND value = @Old",
                        new { New = Protector.Protect(row.Value), row.DeviceId, row.Name, Old = row.Value }, transaction,
                        cancellationToken: cancellationToken));
                }
                await transaction.CommitAsync(cancellationToken);
            }
            after = (rows[^1].DeviceId, rows[^1].Name);
        }
        Report("device_parameters.value", count);
        return count;
    }

    // Tables whose column holds nothing but secrets, keyed by a single column.
    private async Task<int> MigrateAsync(DbConnection connection, string table, string keyColumn, string column, CancellationToken cancellationToken)
    {
        var count = 0;
        object? after = null;
        while (true)
        {
            var rows = (await connection.QueryAsync<(object Key, string Value)>(new CommandDefinition(database.Dialect.Limit($"""
                SELECT {keyColumn}, {column} FROM {table}
                WHERE {column} IS NOT NULL AND {column} <> '' AND {column} NOT LIKE 'dp1:%'{(after is null ? "" : $" AND {keyColumn} > @After")}
                ORDER BY {keyColumn}
                """, BatchLimit), new { After = after }, cancellationToken: cancellationToken))).AsList();
            if (rows.Count == 0)
            {
                break;
            }
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                foreach (var row in rows)
                {
                    count += await connection.ExecuteAsync(new CommandDefinition(
                        $"UPDATE {table} SET {column} = @New WHERE {keyColumn} = @Key AND {column} = @Old",
                        new { New = Protector.Protect(row.Value), row.Key, Old = row.Value }, transaction, cancellationToken: cancellationToken));
                }
                await transaction.CommitAsync(cancellationToken);
            }
            after = rows[^1].Key;
        }
        Report($"{table}.{column}", count);
        return count;
    }

    private void Report(string what, int count)
    {
        if (count > 0)
        {
            Log.Encrypted(logger, count, what);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Secrets at rest: {Count} plaintext value(s) in {Column} encrypted")]
        public static partial void Encrypted(ILogger logger, int count, string column);

        [LoggerMessage(2, LogLevel.Information, "Secrets at rest: {Count} plaintext value(s) encrypted in all")]
        public static partial void Total(ILogger logger, int count);

        [LoggerMessage(3, LogLevel.Critical, "Secrets at rest: the database holds secrets that the key ring in {KeysDirectory} cannot decrypt; "
            + "restore the keys directory backed up with this database (or set Acs:KeysDirectory to the nodes' shared key ring)")]
        public static partial void KeyRingMismatch(ILogger logger, string keysDirectory);

        [LoggerMessage(5, LogLevel.Information, "Secrets at rest: compacting the database so that no plaintext copy remains (once, after encrypting)")]
        public static partial void Compacting(ILogger logger);

        [LoggerMessage(4, LogLevel.Warning, "Secrets at rest: the WAL could not be emptied now (another connection reads); "
            + "plaintext copies in it are overwritten at a later checkpoint")]
        public static partial void CheckpointBusy(ILogger logger);
    }
}
