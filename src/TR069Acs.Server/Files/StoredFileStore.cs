using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>The <c>stored_files</c> and <c>stored_file_chunks</c> tables (migration 015): files every node serves,
/// kept in the database in chunks of <see cref="ChunkSize"/> bytes.</summary>
internal sealed class StoredFileStore(AcsDatabase database)
{
    /// <summary>Bytes per chunk. 1 MiB: one row is one parameter well inside every provider's limits (SQLite's 1 GB
    /// blob, SQL Server's varbinary(max)) and a read of it never holds more than that in memory.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>A stored file's description.</summary>
    public sealed class Row
    {
        public string Id { get; init; } = "";
        public string Kind { get; init; } = "";
        public long Size { get; init; }
        public long ChunkSize { get; init; }
        public long Chunks { get; init; }
        public long Created { get; init; }
    }

    /// <summary>The file with id <paramref name="id"/> (its SHA-256), if it is stored completely.</summary>
    public async Task<Row?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, kind, size, chunk_size, chunks, created FROM stored_files WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores the file at <paramref name="path"/> under <paramref name="id"/> in one transaction: its chunks, then
    /// its row (so a row always means a complete file). A file stored before is left as it is.</summary>
    public async Task SaveAsync(string id, string kind, string path, long created, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM stored_files WHERE id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            return;
        }
        // Chunks of an earlier attempt that never got its row (not possible in one transaction, but harmless to clear).
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM stored_file_chunks WHERE file_id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = new byte[ChunkSize];
        var seq = 0;
        long size = 0;
        while (true)
        {
            var filled = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (filled == 0 && seq > 0)
            {
                break;
            }
            var data = filled == buffer.Length ? buffer : buffer.AsSpan(0, filled).ToArray();
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO stored_file_chunks (file_id, seq, data) VALUES (@Id, @Seq, @Data)",
                new { Id = id, Seq = seq, Data = data }, transaction, cancellationToken: cancellationToken));
            seq++;
            size += filled;
            if (filled < buffer.Length)
            {
                break;
            }
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO stored_files (id, kind, size, chunk_size, chunks, created)
            VALUES (@Id, @Kind, @Size, @ChunkSize, @Chunks, @Created)
            """, new { Id = id, Kind = kind, Size = size, ChunkSize, Chunks = seq, Created = created }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes the chunks of <paramref name="file"/> to <paramref name="target"/> in order, one chunk in memory at a time.</summary>
    /// <exception cref="InvalidDataException">A chunk is missing.</exception>
    public async Task CopyToAsync(Row file, Stream target, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        for (var seq = 0; seq < file.Chunks; seq++)
        {
            var data = await connection.ExecuteScalarAsync<byte[]>(new CommandDefinition(
                "SELECT data FROM stored_file_chunks WHERE file_id = @Id AND seq = @Seq", new { file.Id, Seq = seq }, cancellationToken: cancellationToken))
                ?? throw new InvalidDataException($"stored file {file.Id} lacks chunk {seq} of {file.Chunks}");
            await target.WriteAsync(data, cancellationToken);
        }
    }

    /// <summary>Deletes a stored file; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM stored_files WHERE id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM stored_file_chunks WHERE file_id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }
}
