using System.Net;

namespace TR069Acs.Server.Tftp;

/// <summary>
/// Serves the files under one directory, as <c>in.tftpd --secure DIR</c> does. The name rules of the server
/// already refuse traversal; this source checks again that the resolved path, symbolic links followed, stays
/// inside the directory.
/// </summary>
public sealed class DirectoryTftpFileSource : ITftpFileSource
{
    private readonly string _root;

    /// <summary>Serves <paramref name="root"/> and everything below it.</summary>
    public DirectoryTftpFileSource(string root)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
    }

    /// <inheritdoc />
    public ValueTask<TftpFileResult> OpenAsync(string fileName, IPEndPoint remote, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(Path.Combine(_root, fileName));
        if (!IsInside(path))
        {
            return ValueTask.FromResult(TftpFileResult.AccessDenied("outside the served directory"));
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return ValueTask.FromResult(TftpFileResult.NotFound());
        }

        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        if (target is not null && !IsInside(Path.GetFullPath(target.FullName)))
        {
            return ValueTask.FromResult(TftpFileResult.AccessDenied("link leads outside the served directory"));
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return ValueTask.FromResult(TftpFileResult.FromStream(stream));
        }
        catch (UnauthorizedAccessException)
        {
            return ValueTask.FromResult(TftpFileResult.AccessDenied());
        }
        catch (FileNotFoundException)
        {
            return ValueTask.FromResult(TftpFileResult.NotFound());
        }
        catch (DirectoryNotFoundException)
        {
            return ValueTask.FromResult(TftpFileResult.NotFound());
        }
    }

    private bool IsInside(string path) => path.StartsWith(_root, StringComparison.Ordinal);
}
