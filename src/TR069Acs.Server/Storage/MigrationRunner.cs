using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Storage;

/// <summary>Applies the versioned SQL scripts embedded as <c>db/{provider}/NNN_name.sql</c>, each in its own
/// transaction, recording them in <c>schema_migrations</c>. Scripts already recorded are skipped. The whole run holds the
/// provider's database-wide migration lock (<see cref="SqlDialect.AcquireMigrationLockAsync"/>), so nodes starting
/// together on one database apply each script once: the first applies, the others wait and then find it recorded.</summary>
internal sealed class MigrationRunner(AcsDatabase database, ILogger<MigrationRunner> logger)
{
    /// <summary>One script: its version (the NNN prefix), name and SQL.</summary>
    public sealed record Migration(int Version, string Name, string Sql);

    /// <summary>The embedded scripts for the database's provider, in version order.</summary>
    public IReadOnlyList<Migration> Discover()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"db/{database.Dialect.Provider}/";
        var result = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            var file = resource[prefix.Length..^4];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNN_name.sql.");
            }
            result.Add(new Migration(version, file[(underscore + 1)..], Read(assembly, resource)));
        }
        result.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < result.Count; i++)
        {
            if (result[i].Version == result[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations share version {result[i].Version}: {result[i - 1].Name} and {result[i].Name}.");
            }
        }
        return result;
    }

    /// <summary>Brings the database to the newest version; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await database.Dialect.InitializeDatabaseAsync(connection, cancellationToken);
        await using var migrationLock = await database.Dialect.AcquireMigrationLockAsync(connection, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Dialect.CreateMigrationsTable, cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();

        var now = new List<int>();
        foreach (var migration in Discover())
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }
            await ApplyOneAsync(connection, migration, cancellationToken);
            now.Add(migration.Version);
            logger.LogInformation("Database migration {Version:D3} {Name} applied", migration.Version, migration.Name);
        }
        return now;
    }

    private static async Task ApplyOneAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied) VALUES (@Version, @Name, @Applied)",
                new { migration.Version, migration.Name, Applied = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            throw new InvalidOperationException($"Database migration {migration.Version:D3} {migration.Name} failed: {ex.Message}", ex);
        }
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
