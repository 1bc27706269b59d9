using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Provisioning.Tftp;

/// <summary>One received datagram.</summary>
/// <param name="Bytes">The datagram; valid until the next receive on the same receiver.</param>
/// <param name="Remote">The sender.</param>
/// <param name="Oversized">True when the datagram was larger than the receiver accepts (and was cut).</param>
public readonly record struct TftpDatagram(ReadOnlyMemory<byte> Bytes, IPEndPoint Remote, bool Oversized);

/// <summary>
/// Receives datagrams on a UDP socket until a timeout, for a TFTP transfer's retransmission timer.
/// One reusable timer per receiver, one pooled buffer one byte larger than the largest datagram accepted,
/// because Linux cuts an oversized datagram silently instead of failing the receive.
/// </summary>
public sealed class TftpDatagramReceiver : IDisposable
{
    private readonly Socket _socket;
    private readonly int _maxDatagramSize;
    private readonly byte[] _buffer;
    private readonly CancellationToken _stopToken;
    private readonly EndPoint _anyEndPoint;
    private CancellationTokenSource _timer;

    /// <summary>Creates a receiver for <paramref name="socket"/> accepting datagrams up to <paramref name="maxDatagramSize"/> bytes.</summary>
    /// <param name="socket">A bound UDP socket.</param>
    /// <param name="maxDatagramSize">The largest datagram that is not reported as oversized.</param>
    /// <param name="stopToken">Cancels every receive (the transfer or the server is stopping).</param>
    public TftpDatagramReceiver(Socket socket, int maxDatagramSize, CancellationToken stopToken)
    {
        _socket = socket;
        _maxDatagramSize = maxDatagramSize;
        _buffer = ArrayPool<byte>.Shared.Rent(maxDatagramSize + 1);
        _stopToken = stopToken;
        _anyEndPoint = socket.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPEndPoint(IPAddress.IPv6Any, 0)
            : new IPEndPoint(IPAddress.Any, 0);
        _timer = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a datagram; null when none arrived in time.</summary>
    /// <exception cref="OperationCanceledException">The stop token was cancelled.</exception>
    public async ValueTask<TftpDatagram?> ReceiveAsync(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                _stopToken.ThrowIfCancellationRequested();
                return null;
            }

            _timer.CancelAfter(TimeSpan.FromMilliseconds(remaining));
            try
            {
                var result = await _socket.ReceiveFromAsync(_buffer.AsMemory(0, _maxDatagramSize + 1), SocketFlags.None, _anyEndPoint, _timer.Token)
                    .ConfigureAwait(false);
                var length = Math.Min(result.ReceivedBytes, _maxDatagramSize);
                return new TftpDatagram(_buffer.AsMemory(0, length), (IPEndPoint)result.RemoteEndPoint, result.ReceivedBytes > _maxDatagramSize);
            }
            catch (OperationCanceledException) when (!_stopToken.IsCancellationRequested)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // Windows reports an ICMP port-unreachable or a cut datagram as a failed receive: neither ends the wait.
            }
            finally
            {
                if (!_timer.TryReset())
                {
                    _timer.Dispose();
                    _timer = CancellationTokenSource.CreateLinkedTokenSource(_stopToken);
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
