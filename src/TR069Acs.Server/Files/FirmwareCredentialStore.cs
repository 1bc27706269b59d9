using System.Security.Cryptography;
using System.Text;
using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>
/// Per-download firmware credentials (<c>firmware_credentials</c>, migration 004): a user name, a salted SHA-256 of
/// the password, the image it opens and an expiry. A fast hash suits: generated passwords carry 192 random bits, and
/// the plain password has to sit in the task's payload anyway until the Download RPC is sent.
/// </summary>
internal sealed class FirmwareCredentialStore(AcsDatabase database, TimeProvider time)
{
    // Bounds the rows one presented user name makes the server hash (operators may reuse a user name across tasks).
    private const int MaxCandidates = 64;

    /// <summary>Stores a credential; expired ones are deleted on the way.</summary>
    public async Task AddAsync(string username, string password, string firmwareId, string deviceId, string? commandKey, long expires,
        CancellationToken cancellationToken)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM firmware_credentials WHERE expires < @Now", new { Now = now },
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO firmware_credentials (username, salt, password_hash, firmware_id, device_id, command_key, created, expires)
            VALUES (@Username, @Salt, @Hash, @FirmwareId, @DeviceId, @CommandKey, @Now, @Expires)
            """, new
        {
            Username = username,
            Salt = Convert.ToHexStringLower(salt),
            Hash = Convert.ToHexStringLower(Hash(salt, password)),
            FirmwareId = firmwareId,
            DeviceId = deviceId,
            CommandKey = commandKey,
            Now = now,
            Expires = expires,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Whether <paramref name="username"/>/<paramref name="password"/> open image <paramref name="firmwareId"/> now.</summary>
    public async Task<FirmwareCredentialCheck> CheckAsync(string username, string password, string firmwareId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(database.Dialect.Limit("""
            SELECT salt, password_hash, firmware_id FROM firmware_credentials
            WHERE username = @Username AND expires >= @Now ORDER BY id DESC
            """, "@Max"), new { Username = username, Now = time.GetUtcNow().ToUnixTimeMilliseconds(), Max = MaxCandidates }, cancellationToken: cancellationToken));
        var result = FirmwareCredentialCheck.Refused;
        foreach (var row in rows)
        {
            var stored = Convert.FromHexString(row.PasswordHash);
            if (!CryptographicOperations.FixedTimeEquals(stored, Hash(Convert.FromHexString(row.Salt), password)))
            {
                continue;
            }
            if (row.FirmwareId == firmwareId)
            {
                return FirmwareCredentialCheck.Accepted;
            }
            result = FirmwareCredentialCheck.OtherImage;
        }
        return result;
    }

    private static byte[] Hash(byte[] salt, string password)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetByteCount(password)];
        salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(password, bytes.AsSpan(salt.Length));
        return SHA256.HashData(bytes);
    }

    private sealed class Row
    {
        public string Salt { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string FirmwareId { get; init; } = "";
    }
}
