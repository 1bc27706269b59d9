using System.Collections.Concurrent;
using System.Net;
using TR069Acs.Server.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>A file source over a dictionary, recording what was asked; names starting with "stream/" are served as streams.</summary>
internal sealed class MemoryFileSource : ITftpFileSource
{
    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requested { get; } = new();

    public ValueTask<TftpFileResult> OpenAsync(string fileName, IPEndPoint remote, CancellationToken cancellationToken)
    {
        Requested.Enqueue(fileName);
        if (fileName == "throws.cfg")
        {
            throw new InvalidOperationException("source exploded");
        }

        if (fileName.StartsWith("secret/", StringComparison.Ordinal))
        {
            return ValueTask.FromResult(TftpFileResult.AccessDenied("not for you"));
        }

        if (!Files.TryGetValue(fileName, out var content))
        {
            return ValueTask.FromResult(TftpFileResult.NotFound());
        }

        return ValueTask.FromResult(fileName.StartsWith("stream/", StringComparison.Ordinal)
            ? TftpFileResult.FromStream(new MemoryStream(content, writable: false))
            : TftpFileResult.FromBytes(content));
    }
}
