namespace TR069Acs.Server.Tftp;

/// <summary>Fills one DATA block at a time from a file; a short block means the end of the file.</summary>
internal abstract class TftpBlockReader
{
    /// <summary>Fills <paramref name="block"/> completely unless the file ends first; returns the bytes written.</summary>
    public abstract ValueTask<int> ReadAsync(Memory<byte> block, CancellationToken cancellationToken);

    public static TftpBlockReader For(TftpFileResult file) =>
        file.Stream is { } stream ? new StreamReader(stream) : new MemoryReader(file.Content);

    private sealed class MemoryReader(ReadOnlyMemory<byte> content) : TftpBlockReader
    {
        private ReadOnlyMemory<byte> _rest = content;

        public override ValueTask<int> ReadAsync(Memory<byte> block, CancellationToken cancellationToken)
        {
            var count = Math.Min(block.Length, _rest.Length);
            _rest[..count].CopyTo(block);
            _rest = _rest[count..];
            return ValueTask.FromResult(count);
        }
    }

    private sealed class StreamReader(Stream stream) : TftpBlockReader
    {
        public override ValueTask<int> ReadAsync(Memory<byte> block, CancellationToken cancellationToken) =>
            stream.ReadAtLeastAsync(block, block.Length, throwOnEndOfStream: false, cancellationToken);
    }
}
