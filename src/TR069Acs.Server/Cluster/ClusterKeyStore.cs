using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>The <c>cluster_keys</c> table (migration 015): random keys every node on the database uses, stored encrypted
/// with the key ring the nodes share (<see cref="SecretProtector"/>).</summary>
internal sealed class ClusterKeyStore(AcsDatabase database, SecretProtector protector, TimeProvider time)
{
    /// <summary>The key named <paramref name="name"/>; created (<paramref name="bytes"/> random bytes) when no node has
    /// created it yet. Two nodes starting together agree: the second insert fails and both read the first.</summary>
    /// <exception cref="InvalidOperationException">The stored key is not <paramref name="bytes"/> long.</exception>
    public async Task<byte[]> GetOrCreateAsync(string name, int bytes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await ReadAsync(connection, name, cancellationToken) is not { } key)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO cluster_keys (name, value, created) VALUES (@Name, @Value, @Created)",
                    new { Name = name, Value = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes))), Created = time.GetUtcNow().ToUnixTimeMilliseconds() },
                    cancellationToken: cancellationToken));
            }
            catch (DbException)
            {
                // Another node created it meanwhile: read theirs.
            }
            key = await ReadAsync(connection, name, cancellationToken) ?? throw new InvalidOperationException($"cluster key '{name}' could not be stored");
        }
        return key.Length == bytes ? key : throw new InvalidOperationException($"cluster key '{name}' is {key.Length} bytes, expected {bytes}");
    }

    private async Task<byte[]?> ReadAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        var stored = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM cluster_keys WHERE name = @Name", new { Name = name }, cancellationToken: cancellationToken));
        return stored is null ? null : Convert.FromBase64String(protector.Unprotect(stored)!);
    }
}
