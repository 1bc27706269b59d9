using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Cluster;

namespace TR069Acs.Server.Files;

/// <summary>
/// Files every node serves though only one received the upload, without a shared disk: the bytes live in the database
/// (<see cref="StoredFileStore"/>) and each node keeps a copy under <c>DATA/firmware/&lt;sha256&gt;</c>, the file server
/// and TFTP serve from. A copy is checked against its SHA-256 (the file's id) before this process first serves it:
/// fetched from the database into a temporary file, hashed while written, and moved into place only when it matches;
/// a copy found on disk is hashed once per process. A copy that does not match is deleted and fetched again.
/// </summary>
/// <remarks>A file on disk that the database lacks (stored before migration 015) is put into the database when it is
/// first checked, see <see cref="StoredFilesBackfill"/>. A file deleted on one node is deleted from the others' disks
/// when they hear of it (<see cref="ClusterChangeKinds.StoredFileDeleted"/>).</remarks>
internal sealed partial class StoredFiles : IDisposable
{
    private readonly StoredFileStore _store;
    private readonly IClusterSignals _signals;
    private readonly TimeProvider _time;
    private readonly ILogger<StoredFiles> _logger;
    private readonly IDisposable _subscription;
    private readonly ConcurrentDictionary<string, byte> _verified = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<string?>> _fetches = new(StringComparer.Ordinal);

    public StoredFiles(AcsOptions options, StoredFileStore store, IClusterSignals signals, TimeProvider time, ILogger<StoredFiles> logger)
    {
        Directory = Path.Combine(Path.GetFullPath(options.DataDirectory), "firmware");
        _store = store;
        _signals = signals;
        _time = time;
        _logger = logger;
        _subscription = signals.Subscribe(ClusterChangeKinds.StoredFileDeleted, ForgetLocal);
    }

    /// <summary>The directory of the local copies.</summary>
    public string Directory { get; }

    /// <summary>Where the local copy of <paramref name="sha256"/> is (or would be); only ever built from a SHA-256.</summary>
    public string PathOf(string sha256) => IsSha256(sha256)
        ? Path.Combine(Directory, sha256)
        : throw new ArgumentException($"'{sha256}' is not a SHA-256 in hex", nameof(sha256));

    /// <summary>Stores a file already at its local path (<see cref="PathOf"/>), whose SHA-256 the caller computed while
    /// receiving it, in the database; the local copy counts as checked.</summary>
    public async Task SaveAsync(string sha256, string kind, CancellationToken cancellationToken)
    {
        await _store.SaveAsync(sha256, kind, PathOf(sha256), _time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        _verified[sha256] = 0;
    }

    /// <summary>The checked local copy of <paramref name="sha256"/>, fetched from the database when this node has none;
    /// null when the file is stored nowhere (or its stored bytes do not match their hash).</summary>
    public async Task<string?> LocalPathAsync(string sha256, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (_verified.ContainsKey(sha256) && File.Exists(path))
        {
            return path;
        }
        // One fetch per file however many phones ask at once; it is not cancelled by the first requester leaving.
        var fetch = _fetches.GetOrAdd(sha256, id =>
        {
            var task = Task.Run(() => MaterialiseAsync(id));
            _ = task.ContinueWith(done => _fetches.TryRemove(new KeyValuePair<string, Task<string?>>(id, done)), TaskScheduler.Default);
            return task;
        });
        return await fetch.WaitAsync(cancellationToken);
    }

    /// <summary>Deletes the file from the database and from every node's disk.</summary>
    public async Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        await _store.DeleteAsync(sha256, cancellationToken);
        await _signals.PublishAsync(ClusterChangeKinds.StoredFileDeleted, sha256, cancellationToken);
    }

    public static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    public void Dispose() => _subscription.Dispose();

    private async Task<string?> MaterialiseAsync(string sha256)
    {
        var path = PathOf(sha256);
        var cancellationToken = CancellationToken.None;
        if (File.Exists(path))
        {
            if (await HashOfAsync(path, cancellationToken) == sha256)
            {
                if (await _store.GetAsync(sha256, cancellationToken) is null)
                {
                    // Stored before the database kept files: the other nodes get it from now on.
                    await _store.SaveAsync(sha256, "firmware", path, new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds(), cancellationToken);
                    Log.Backfilled(_logger, sha256);
                }
                _verified[sha256] = 0;
                return path;
            }
            Log.LocalCorrupt(_logger, sha256, path);
            File.Delete(path);
        }
        var row = await _store.GetAsync(sha256, cancellationToken);
        if (row is null)
        {
            return null;
        }
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = Path.Combine(Directory, $"fetch-{Guid.NewGuid():N}.tmp");
        try
        {
            string hash;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            await using (var hashing = new HashingStream(file))
            {
                await _store.CopyToAsync(row, hashing, cancellationToken);
                hash = hashing.Hash();
            }
            if (hash != sha256)
            {
                Log.StoredCorrupt(_logger, sha256, hash);
                return null;
            }
            File.Move(temporary, path, overwrite: true);
            _verified[sha256] = 0;
            Log.Fetched(_logger, sha256, row.Size);
            return path;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private void ForgetLocal(string sha256)
    {
        if (!IsSha256(sha256))
        {
            return;
        }
        _verified.TryRemove(sha256, out _);
        try
        {
            File.Delete(PathOf(sha256));
        }
        catch (IOException)
        {
            // Being served right now (Windows): left for the next delete; it is never served again (no database row).
        }
    }

    private static async Task<string> HashOfAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    // Hashes what passes through on its way to the file.
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Hash() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stored file {Sha256} ({Size} bytes) fetched from the database into this node's cache")]
        public static partial void Fetched(ILogger logger, string sha256, long size);

        [LoggerMessage(2, LogLevel.Warning, "The local copy of stored file {Sha256} at {Path} does not match its SHA-256; deleted, fetched again from the database")]
        public static partial void LocalCorrupt(ILogger logger, string sha256, string path);

        [LoggerMessage(3, LogLevel.Error, "Stored file {Sha256} in the database hashes to {Actual}: not served (upload it again)")]
        public static partial void StoredCorrupt(ILogger logger, string sha256, string actual);

        [LoggerMessage(4, LogLevel.Information, "Stored file {Sha256}, kept on this node's disk only, is now in the database for the other nodes")]
        public static partial void Backfilled(ILogger logger, string sha256);
    }
}
