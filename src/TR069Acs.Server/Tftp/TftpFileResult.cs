namespace TR069Acs.Server.Tftp;

/// <summary>What <see cref="ITftpFileSource.OpenAsync"/> found.</summary>
public enum TftpFileStatus
{
    /// <summary>The file is served.</summary>
    Found,

    /// <summary>No such file: ERROR 1.</summary>
    NotFound,

    /// <summary>The file exists but this client may not read it: ERROR 2.</summary>
    AccessDenied,
}

/// <summary>
/// A file to serve, from memory or from a stream, or the reason there is none. The server disposes the result
/// (and so the stream) when the transfer ends.
/// </summary>
public sealed class TftpFileResult : IAsyncDisposable
{
    private TftpFileResult(TftpFileStatus status, ReadOnlyMemory<byte> content, Stream? stream, long? length, string? message)
    {
        Status = status;
        Content = content;
        Stream = stream;
        Length = length;
        Message = message;
    }

    /// <summary>Found, not found, or denied.</summary>
    public TftpFileStatus Status { get; }

    /// <summary>The bytes, for a file served from memory.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The stream, for a file served from a stream; read sequentially, one block at a time.</summary>
    public Stream? Stream { get; }

    /// <summary>The size in bytes when known; announced to clients that ask with <c>tsize</c>.</summary>
    public long? Length { get; }

    /// <summary>The ERROR text for not-found and access-denied (a default is used when null).</summary>
    public string? Message { get; }

    /// <summary>A file held in memory.</summary>
    public static TftpFileResult FromBytes(ReadOnlyMemory<byte> content) =>
        new(TftpFileStatus.Found, content, null, content.Length, null);

    /// <summary>A file read from <paramref name="stream"/>; <paramref name="length"/> when known (else from a seekable stream).</summary>
    public static TftpFileResult FromStream(Stream stream, long? length = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new(TftpFileStatus.Found, default, stream, length ?? (stream.CanSeek ? stream.Length - stream.Position : null), null);
    }

    /// <summary>No such file.</summary>
    public static TftpFileResult NotFound(string? message = null) => new(TftpFileStatus.NotFound, default, null, null, message);

    /// <summary>Not for this client.</summary>
    public static TftpFileResult AccessDenied(string? message = null) => new(TftpFileStatus.AccessDenied, default, null, null, message);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Stream?.DisposeAsync() ?? ValueTask.CompletedTask;
}
