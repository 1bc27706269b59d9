using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tftp;

/// <summary>
/// A read-only TFTP server: RFC 1350 with the option extensions of RFC 2347 (negotiation), 2348 (<c>blksize</c>)
/// and 2349 (<c>timeout</c>, <c>tsize</c>), serving what an <see cref="ITftpFileSource"/> supplies.
/// </summary>
/// <remarks>
/// <code>
///   request port (EndPoint)               one port per transfer (RFC 1350 §4 TID)
///   RRQ ──► checks: name, mode, options, capacity ──► TftpTransfer: open source → OACK? → DATA 1..n
///   WRQ ──► ERROR 2 "read-only server"                   each packet retransmitted until ACKed or retries spent
///   DATA/ACK/OACK ──► ERROR 5 (no such transfer)         strangers on a transfer port get ERROR 5
///   garbage ──► ERROR 4 naming the problem; ERROR ──► dropped (an error is never answered)
/// </code>
/// One receive loop on the request port; each transfer is an async task on its own socket, so thousands run
/// concurrently on a few pool threads. Per transfer: one block buffer (at most <see cref="TftpServerOptions.MaxBlockSize"/>)
/// and one small receive buffer. A bad packet costs at most an ERROR reply; nothing a client sends stops the server.
/// </remarks>
public sealed partial class TftpServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<IPEndPoint, Task> _transfers = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TftpRequestRateLimiter _newTransfers;
    private Socket? _socket;
    private IPEndPoint? _localEndPoint;
    private Task? _receiveLoop;

    /// <summary>Creates a server; nothing is bound until <see cref="Start"/>.</summary>
    public TftpServer(TftpServerOptions options, ITftpFileSource fileSource, ILogger<TftpServer>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fileSource);
        options.Validate();
        Options = options;
        FileSource = fileSource;
        Logger = logger ?? NullLogger<TftpServer>.Instance;
        _newTransfers = new TftpRequestRateLimiter(options.NewTransfersPerSecondPerAddress, options.NewTransferBurstPerAddress, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The endpoint requests are received on (the actual port when configured with port 0).</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("the TFTP server is not started");

    /// <summary>Counters since start.</summary>
    public TftpServerStatistics Statistics { get; } = new();

    internal TftpServerOptions Options { get; }

    internal ITftpFileSource FileSource { get; }

    internal ILogger Logger { get; }

    /// <summary>Binds the request port and starts serving. Throws <see cref="SocketException"/> when the port is taken.</summary>
    public void Start()
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("the TFTP server is already started");
        }

        var endPoint = Options.EndPoint;
        // The destination address of each request: a transfer port is bound to the address the client used.
        var socket = Hosting.UdpSockets.Bind(endPoint, s => s.SetSocketOption(
            endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? SocketOptionLevel.IPv6 : SocketOptionLevel.IP,
            SocketOptionName.PacketInformation,
            true));

        _socket = socket;
        _localEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        Log.Started(Logger, LocalEndPoint);
    }

    /// <summary>Stops receiving, ends the transfers in progress and waits for them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_socket is null || _stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        var pending = _transfers.Values.ToList();
        if (_receiveLoop is not null)
        {
            pending.Add(_receiveLoop);
        }

        await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    internal void OnTransferEnded(IPEndPoint remote, TftpTransferEnd end)
    {
        _transfers.TryRemove(remote, out _);
        ReleaseAddress(remote.Address);
        Statistics.TransferEnded(end);
    }

    private async Task ReceiveLoopAsync()
    {
        var socket = _socket!;
        var buffer = new byte[65536];
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult result;
            try
            {
                result = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP errors for earlier replies (Windows), a cut datagram, a transient failure: keep serving.
                Log.ReceiveFailed(Logger, e.SocketErrorCode);
                continue;
            }

            Statistics.DatagramReceived();
            try
            {
                await OnDatagramAsync(buffer.AsMemory(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint, result.PacketInformation.Address)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException or ObjectDisposedException && _stop.IsCancellationRequested))
            {
                // A reply that could not be sent; the next datagram is served as usual.
            }
        }
    }
}
