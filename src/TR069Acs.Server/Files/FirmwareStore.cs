using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>
/// Content-addressed firmware: an upload is streamed to a temporary file while its SHA-256 is computed, verified as
/// one of our images (magic, header, payload hash), then moved to <c>DataDirectory/firmware/&lt;sha256&gt;</c>; the
/// header's models and version go to the database. The same bytes uploaded twice are one image.
/// </summary>
internal sealed class FirmwareStore(AcsDatabase database, AcsOptions options, ParameterCatalogue catalogue, FirmwareKeys keys, TimeProvider time)
{
    private const string Columns = "id, size, version, models, file_name, signed, created, replaced_by";

    /// <summary>The directory holding the images.</summary>
    public string Directory { get; } = Path.Combine(Path.GetFullPath(options.DataDirectory), "firmware");

    /// <summary>Stores an uploaded image; <c>Created</c> is false when the same image was stored before. With
    /// <paramref name="metadata"/>, its models and version replace the header's; with both given, a file that is not
    /// in our image format (a vendor's own load) is stored too, unsigned (unless <c>Acs:Firmware:TrustedKeys</c> is set).
    /// A file name or (models, version) another image holds is refused unless <paramref name="replace"/>: then that
    /// image stays stored under its id (campaigns keep it) but gives up its name (<c>Replaced</c>).</summary>
    /// <exception cref="FirmwareImageException">Not a valid image, or not signed by a trusted key (the kind and message say why).</exception>
    /// <exception cref="FirmwareNameConflictException">The name or (models, version) belongs to another image.</exception>
    /// <exception cref="InvalidDataException">The upload exceeds <see cref="AcsOptions.MaxFirmwareBytes"/>.</exception>
    public async Task<FirmwareUpload> AddAsync(Stream upload, FirmwareMetadata? metadata, bool replace, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = Path.Combine(Directory, $"upload-{Guid.NewGuid():N}.tmp");
        try
        {
            string sha256;
            long size;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                (sha256, size) = await CopyHashingAsync(upload, file, options.MaxFirmwareBytes, cancellationToken);
                file.Position = 0;
                FirmwareHeader? header;
                try
                {
                    header = FirmwareImage.Read(file, new FirmwareReadOptions
                    {
                        MaxPayloadBytes = options.MaxFirmwareBytes,
                        TrustedKeys = keys.Trust,
                        RequireSignature = keys.Trust is not null,
                    }).Header;
                }
                catch (FirmwareImageException ex) when (ex.Kind == FirmwareErrorKind.WrongMagic && metadata is { IsComplete: true })
                {
                    if (keys.Trust is not null)
                    {
                        throw new FirmwareImageException(FirmwareErrorKind.Unsigned,
                            "a file without our image header carries no signature, and Acs:Firmware:TrustedKeys requires images signed by a trusted key "
                            + "(pack it with acs firmware pack --sign KEY.pem)");
                    }
                    header = null;
                }
                if (await GetAsync(sha256, cancellationToken) is { } existing)
                {
                    return new FirmwareUpload(existing, false, []);
                }
                var models = metadata?.Models ?? header!.Models;
                var version = metadata?.Version ?? header!.Version;
                var record = new FirmwareRecord(sha256, size, version, models, FileNameOf(models, version),
                    header?.IsSigned ?? false, time.GetUtcNow().ToUnixTimeMilliseconds());
                var conflicts = await ConflictsAsync(record, cancellationToken);
                if (conflicts.Count > 0 && !replace)
                {
                    throw new FirmwareNameConflictException(conflicts[0], Describe(conflicts[0], record));
                }
                await file.DisposeAsync();
                File.Move(temporary, PathOf(sha256), overwrite: true);
                await InsertAsync(record, conflicts, cancellationToken);
                return new FirmwareUpload(record, true, conflicts);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<IReadOnlyList<FirmwareRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM firmware_images ORDER BY created, id",
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<FirmwareRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM firmware_images WHERE id = @Id", new { Id = id.ToLowerInvariant() }, cancellationToken: cancellationToken)))?.ToRecord();
    }

    /// <summary>The newest image phones know by <paramref name="fileName"/> (e.g. <c>sip88xx.12-0-1.loads</c>).</summary>
    public async Task<FirmwareRecord?> FindByFileNameAsync(string fileName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM firmware_images WHERE file_name = @FileName ORDER BY created DESC", new { FileName = fileName },
            cancellationToken: cancellationToken)))?.ToRecord();
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM firmware_images WHERE id = @Id", new { Id = id.ToLowerInvariant() }, cancellationToken: cancellationToken));
        if (deleted > 0 && IsSha256(id))
        {
            File.Delete(PathOf(id.ToLowerInvariant()));
        }
        return deleted > 0;
    }

    /// <summary>The file of an image; only ever built from a verified SHA-256, never from a requested name.</summary>
    public string PathOf(string sha256) => IsSha256(sha256)
        ? Path.Combine(Directory, sha256)
        : throw new ArgumentException($"'{sha256}' is not a SHA-256 in hex", nameof(sha256));

    public static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    private string? FileNameOf(IReadOnlyList<string> models, string version)
        => models.Select(m => catalogue.TryGetModel(m, out var model) ? model.FirmwareFileName(version) : null).FirstOrDefault(n => n is not null);

    private static async Task<(string Sha256, long Size)> CopyHashingAsync(Stream source, Stream target, long max, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (size > max)
            {
                throw new InvalidDataException($"the image is larger than Acs:MaxFirmwareBytes ({max} bytes)");
            }
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        await target.FlushAsync(cancellationToken);
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
    }

    /// <summary>Images that are not replaced and hold <paramref name="record"/>'s file name, or its version for a model it lists.</summary>
    private async Task<List<FirmwareRecord>> ConflictsAsync(FirmwareRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM firmware_images
            WHERE replaced_by IS NULL AND id <> @Id AND (file_name = @FileName OR version = @Version)
            ORDER BY created, id
            """, new { record.Id, record.FileName, record.Version }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord()).Where(r => (r.FileName is not null && r.FileName == record.FileName)
            || (r.Version == record.Version && r.Models.Any(m => record.Models.Contains(m, StringComparer.OrdinalIgnoreCase))))];
    }

    private static string Describe(FirmwareRecord existing, FirmwareRecord upload)
    {
        var what = existing.FileName is not null && existing.FileName == upload.FileName
            ? $"the file name {existing.FileName}"
            : $"version {existing.Version} for {string.Join(",", existing.Models.Where(m => upload.Models.Contains(m, StringComparer.OrdinalIgnoreCase)))}";
        return $"{what} belongs to firmware image {existing.Id} (version {existing.Version}, models {string.Join(",", existing.Models)}, "
            + $"uploaded {DateTimeOffset.FromUnixTimeMilliseconds(existing.Created):u}); phones asking for it would get another image. "
            + "Repeat the upload with ?replace=true to make the new image take the name (the earlier one stays stored by id for the campaigns that use it), "
            + "or give the new image another version.";
    }

    private async Task InsertAsync(FirmwareRecord record, IReadOnlyList<FirmwareRecord> replaced, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var old in replaced)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE firmware_images SET file_name = NULL, replaced_by = @New, replaced = @Now WHERE id = @Id",
                new { old.Id, New = record.Id, Now = record.Created }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertFirmwareImageIfAbsent, new
        {
            record.Id,
            record.Size,
            record.Version,
            Models = JsonSerializer.Serialize(record.Models),
            record.FileName,
            Signed = record.Signed ? 1 : 0,
            record.Created,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public long Size { get; init; }
        public string Version { get; init; } = "";
        public string Models { get; init; } = "[]";
        public string? FileName { get; init; }
        public long Signed { get; init; }
        public long Created { get; init; }
        public string? ReplacedBy { get; init; }

        public FirmwareRecord ToRecord() => new(Id, Size, Version, JsonSerializer.Deserialize<List<string>>(Models) ?? [], FileName, Signed != 0, Created, ReplacedBy);
    }
}
