using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using TR069Acs.Server.Security;

namespace TR069Acs.Server.Storage.Copy;

/// <summary>What lived beside the database: firmware images uploaded before migration 015 (<c>DATA/firmware/&lt;sha256&gt;</c>
/// only), which go into the target's <c>stored_files</c>, and the Data Protection key ring that decrypts the stored secrets
/// (<c>dp1:…</c>, copied as stored).</summary>
internal static class StoredFilesCopy
{
    /// <summary>Chunk size of <c>stored_file_chunks</c>, as the ACS writes them (1 MiB).</summary>
    private const int ChunkSize = 1 << 20;

    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    /// <summary>Puts each image the target's <c>stored_files</c> (migration 015: nodes keep stored files in the database, in
    /// chunks) does not hold yet — one an install from before 015 has on disk only — into it from
    /// <c>FROM-DATA/firmware/</c>, verifying its SHA-256 first. Images the source held in its own <c>stored_files</c> came
    /// with the tables. Returns how many images the target holds.</summary>
    public static async Task<int> StoreFirmwareAsync(DbConnection target, IReadOnlyList<string> images, string? fromData,
        List<string> warnings, CancellationToken cancellationToken)
    {
        var stored = 0;
        foreach (var id in images)
        {
            if (await target.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM stored_files WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)) > 0)
            {
                stored++;
                continue;
            }
            var source = fromData is null ? null : Path.Combine(fromData, "firmware", id);
            if (source is null || !File.Exists(source))
            {
                warnings.Add($"firmware image {id} is in the database but neither in its stored_files nor at {source ?? "FROM-DATA/firmware/ (give --from-data)"}: upload it again at the target.");
                continue;
            }
            if (await HashAsync(source, cancellationToken) != id)
            {
                warnings.Add($"firmware image {id}: the file {source} does not hash to its id (damaged): not copied.");
                continue;
            }
            await using var transaction = await target.BeginTransactionAsync(cancellationToken);
            await using var input = File.OpenRead(source);
            var buffer = new byte[ChunkSize];
            var seq = 0;
            int read;
            while ((read = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                await target.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO stored_file_chunks (file_id, seq, data) VALUES (@Id, @Seq, @Data)",
                    new { Id = id, Seq = seq++, Data = buffer.AsSpan(0, read).ToArray() }, transaction, cancellationToken: cancellationToken));
            }
            await target.ExecuteAsync(new CommandDefinition(
                "INSERT INTO stored_files (id, kind, size, chunk_size, chunks, created) VALUES (@Id, 'firmware', @Size, @ChunkSize, @Chunks, @Created)",
                new { Id = id, Size = input.Length, ChunkSize = (long)ChunkSize, Chunks = seq, Created = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            stored++;
        }
        return stored;
    }

    /// <summary>Makes sure the copied secrets can be read where the target will look for the key ring: copies key files the
    /// target's ring lacks from the source's, then decrypts <paramref name="sample"/> with the target's ring. When the
    /// target's key directory is not known, says where the keys must go.</summary>
    public static void CheckKeyRing(long secrets, string? sample, string? fromKeys, string? toKeys, List<string> warnings)
    {
        if (secrets == 0)
        {
            return;
        }
        var sourceKeys = fromKeys is not null && Directory.Exists(fromKeys) ? Directory.GetFiles(fromKeys, "*.xml") : [];
        if (sourceKeys.Length == 0)
        {
            warnings.Add($"{secrets} stored secrets were copied encrypted (dp1:) as stored, but the source's key ring is not at "
                + $"{fromKeys ?? "FROM-DATA/keys"}: give --from-keys-dir (the source's Acs:KeysDirectory); without those keys the secrets cannot be read.");
            return;
        }
        if (toKeys is null)
        {
            warnings.Add($"{secrets} stored secrets were copied encrypted (dp1:) as stored: every node serving the target needs the key ring "
                + $"{fromKeys} as its Acs:KeysDirectory (or a copy of it with mode 0700). Give --to-data or --to-keys-dir to have it copied there.");
            return;
        }
        if (!Directory.Exists(toKeys))
        {
            Directory.CreateDirectory(toKeys);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(toKeys, OwnerDirectory);
        }
        foreach (var key in sourceKeys)
        {
            var target = Path.Combine(toKeys, Path.GetFileName(key));
            if (!File.Exists(target))
            {
                File.Copy(key, target);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, OwnerFile);
                }
            }
        }
        if (sample is null)
        {
            return;
        }
        try
        {
            var provider = DataProtectionProvider.Create(new DirectoryInfo(toKeys), b => b.SetApplicationName("TR069Acs").DisableAutomaticKeyGeneration());
            new SecretProtector(provider) { KeysDirectory = toKeys }.Unprotect(sample);
        }
        catch (Exception e) when (e is CryptographicException or InvalidOperationException)
        {
            warnings.Add($"the key ring at {toKeys} cannot decrypt the copied secrets ({e.Message}): give the target nodes the source's keys ({fromKeys}).");
        }
    }

    private static async Task<string> HashAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
