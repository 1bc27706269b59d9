using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Provisioning.Tftp;

/// <summary>
/// A TFTP read client (RFC 1350) with the option extensions of RFC 2347 (negotiation), 2348 (<c>blksize</c>)
/// and 2349 (<c>timeout</c>, <c>tsize</c>). BCL only.
/// </summary>
/// <remarks>
/// <code>
///   client                      server :69            server TID
///   RRQ name octet blksize tsize ──►
///                                       ◄── OACK blksize tsize   (or DATA 1: options ignored → 512-byte blocks)
///   ACK 0 ─────────────────────────────────────────────►          (or ERROR 8: request repeated without options)
///                                       ◄── DATA 1 … DATA n
///   ACK n ─────────────────────────────────────────────►          a block shorter than blksize ends the file
/// </code>
/// Every wait is bounded by <see cref="TftpClientOptions.Timeout"/>; the last packet sent is retransmitted up to
/// <see cref="TftpClientOptions.Retries"/> times. Duplicate DATA is re-acknowledged, never stored twice;
/// out-of-order DATA is dropped; packets from another port than the server's TID are answered with ERROR 5.
/// </remarks>
public static class TftpClient
{
    /// <summary>Downloads <paramref name="fileName"/> from a TFTP server in octet mode.</summary>
    /// <param name="host">Host name or IP address of the server.</param>
    /// <param name="port">The server's request port (69 by convention).</param>
    /// <param name="fileName">The file name to request, sent as given (RFC 3617: a tftp URL's path without its leading slash).</param>
    /// <param name="options">Block size, timeout, retries and size limit; defaults when null.</param>
    /// <param name="cancellationToken">Aborts the download with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The file, or a typed failure; protocol and network problems never throw.</returns>
    public static async Task<TftpDownloadResult> DownloadAsync(
        string host,
        int port,
        string fileName,
        TftpClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort + 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        options ??= new TftpClientOptions();
        options.Validate();

        var empty = new TftpTransferStatistics(TftpLimits.DefaultBlockSize, false, null, 0, 0, 0, false);
        IPAddress address;
        try
        {
            address = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return TftpDownloadResult.Failure(TftpDownloadOutcome.NetworkError, $"cannot resolve '{host}': {e.Message}", empty);
        }

        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
            var download = new TftpDownload(socket, new IPEndPoint(address, port), fileName, options, cancellationToken);
            return await download.RunAsync().ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return TftpDownloadResult.Failure(TftpDownloadOutcome.NetworkError, $"socket error talking to {host}:{port}: {e.Message}", empty);
        }
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
