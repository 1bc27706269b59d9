using System.Net;

namespace TR069Acs.Server.Tftp;

/// <summary>
/// Supplies the files the <see cref="TftpServer"/> serves. The name has already passed the server's checks
/// (no traversal, no absolute path, no backslash or control character), so a source may route it like the HTTP
/// file server routes its paths: per-device profiles by MAC, firmware by name, and so on.
/// </summary>
public interface ITftpFileSource
{
    /// <summary>Opens <paramref name="fileName"/> for <paramref name="remote"/>.</summary>
    /// <param name="fileName">The requested name, relative, with <c>/</c> separators.</param>
    /// <param name="remote">The client asking, for per-device routing and logs.</param>
    /// <param name="cancellationToken">Cancelled when the server stops.</param>
    /// <returns>The content, or not-found / access-denied. An exception becomes ERROR 0 for the client and is logged.</returns>
    ValueTask<TftpFileResult> OpenAsync(string fileName, IPEndPoint remote, CancellationToken cancellationToken);
}
