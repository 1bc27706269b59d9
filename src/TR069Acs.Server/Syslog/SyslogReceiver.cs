using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Provisioning.Syslog;

namespace TR069Acs.Server.Syslog;

/// <summary>
/// A UDP syslog receiver (RFC 3164 and RFC 5424 over UDP, RFC 5426) feeding an <see cref="ISyslogSink"/>.
/// </summary>
/// <remarks>
/// <code>
///   socket ──► receive loop ──TryWrite──► bounded queue ──► consumer: parse, batch ──► ISyslogSink.WriteAsync
///                                │ full                     (one reader)
///                                └──► dropped, counted
/// </code>
/// The receive loop only copies the datagram and never waits for the consumer, so a slow sink or a flood sheds
/// the newest datagrams instead of growing memory: the queue holds at most
/// <see cref="SyslogReceiverOptions.QueueCapacity"/> datagrams of at most <see cref="SyslogReceiverOptions.MaxMessageBytes"/>.
/// Parsing is <see cref="SyslogParser"/> (RFC 3164 and RFC 5424, shared with the phone); a datagram it refuses is
/// delivered raw with the reason, and counted as malformed.
/// </remarks>
public sealed partial class SyslogReceiver : IAsyncDisposable
{
    private readonly SyslogReceiverOptions _options;
    private readonly ISyslogSink _sink;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<Datagram> _queue;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _abortDelivery = new();
    private Socket? _socket;
    private IPEndPoint? _localEndPoint;
    private Task? _receiveLoop;
    private Task? _consumer;

    /// <summary>Creates a receiver; nothing is bound until <see cref="Start"/>.</summary>
    public SyslogReceiver(SyslogReceiverOptions options, ISyslogSink sink, ILogger<SyslogReceiver>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _options = options;
        _sink = sink;
        _logger = logger ?? NullLogger<SyslogReceiver>.Instance;
        _time = timeProvider ?? TimeProvider.System;

        // Wait mode makes TryWrite report a full queue, so each shed datagram is counted.
        _queue = Channel.CreateBounded<Datagram>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The endpoint datagrams are received on (the actual port when configured with port 0).</summary>
    /// <exception cref="InvalidOperationException">The receiver has not been started.</exception>
    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("the syslog receiver is not started");

    /// <summary>Counters since start.</summary>
    public SyslogReceiverStatistics Statistics { get; } = new();

    /// <summary>Binds the socket and starts receiving. Throws <see cref="SocketException"/> when the port is taken.</summary>
    public void Start()
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("the syslog receiver is already started");
        }

        var endPoint = _options.EndPoint;
        var socket = Hosting.UdpSockets.Bind(endPoint, s =>
        {
            if (_options.SocketReceiveBufferBytes > 0)
            {
                s.ReceiveBufferSize = _options.SocketReceiveBufferBytes;
            }
        });

        _socket = socket;
        _localEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _consumer = Task.Run(ConsumeAsync);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        Log.Started(_logger, LocalEndPoint);
    }

    /// <summary>
    /// Stops receiving and delivers what is queued; when <paramref name="cancellationToken"/> fires first, the rest is
    /// abandoned.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_socket is null || _stopReceiving.IsCancellationRequested)
        {
            return;
        }

        await _stopReceiving.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop!.ConfigureAwait(false);
        _queue.Writer.TryComplete();
        using var abort = cancellationToken.Register(() => _abortDelivery.Cancel());
        try
        {
            // Bounded by the token even when a sink ignores its cancellation.
            await _consumer!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The rest of the queue is abandoned, as asked.
        }
    }

    /// <summary>Stops at once: what is still queued is abandoned (call <see cref="StopAsync"/> first to deliver it).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        // _abortDelivery stays undisposed: a sink that ignored it may still hold its token.
        _stopReceiving.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var socket = _socket!;
        var buffer = new byte[65536];
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!_stopReceiving.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopReceiving.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && _stopReceiving.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // Windows reports ICMP errors and oversized datagrams here; neither is a reason to stop.
                Log.ReceiveFailed(_logger, e.SocketErrorCode);
                continue;
            }

            var truncated = result.ReceivedBytes > _options.MaxMessageBytes;
            var bytes = buffer.AsSpan(0, Math.Min(result.ReceivedBytes, _options.MaxMessageBytes)).ToArray();
            var accepted = _queue.Writer.TryWrite(new Datagram(bytes, (IPEndPoint)result.RemoteEndPoint, _time.GetUtcNow(), truncated));
            Statistics.OnReceived(truncated, dropped: !accepted);
        }
    }

    private async Task ConsumeAsync()
    {
        var reader = _queue.Reader;
        var token = _abortDelivery.Token;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                // A new list per batch: a sink may keep the one it was given.
                var batch = new List<ReceivedSyslogMessage>(Math.Min(_options.MaxBatchSize, reader.Count));
                while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var datagram))
                {
                    var message = Parse(datagram);
                    if (message.IsMalformed)
                    {
                        Statistics.OnMalformed();
                    }

                    batch.Add(message);
                }

                await DeliverAsync(batch, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stop was told not to wait for the rest of the queue.
        }
    }

    private static ReceivedSyslogMessage Parse(Datagram datagram)
    {
        var raw = Encoding.UTF8.GetString(datagram.Bytes).TrimEnd('\n', '\r', '\0');
        try
        {
            var message = SyslogParser.Parse(raw, datagram.ReceivedAt);
            return new ReceivedSyslogMessage(datagram.ReceivedAt, datagram.Remote, raw, message, null, datagram.Truncated);
        }
        catch (Exception e)
        {
            // SyslogParseException names what is wrong. Any other exception is a parser bug met on hostile input:
            // it flags this datagram the same way instead of ending the consumer.
            return new ReceivedSyslogMessage(datagram.ReceivedAt, datagram.Remote, raw, null, e.Message, datagram.Truncated);
        }
    }

    private async Task DeliverAsync(List<ReceivedSyslogMessage> batch, CancellationToken token)
    {
        try
        {
            await _sink.WriteAsync(batch, token).ConfigureAwait(false);
            Statistics.OnDelivered(batch.Count);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Statistics.OnSinkFailed(batch.Count);
            throw;
        }
        catch (Exception e)
        {
            // A failing sink loses this batch, never the receiver.
            Statistics.OnSinkFailed(batch.Count);
            Log.SinkFailed(_logger, e, batch.Count);
        }
    }

    private readonly record struct Datagram(byte[] Bytes, IPEndPoint Remote, DateTimeOffset ReceivedAt, bool Truncated);

    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Information, "Syslog receiver listening on {EndPoint}")]
        public static partial void Started(ILogger logger, IPEndPoint endPoint);

        [LoggerMessage(202, LogLevel.Debug, "Syslog receive failed ({Error})")]
        public static partial void ReceiveFailed(ILogger logger, SocketError error);

        [LoggerMessage(203, LogLevel.Warning, "Syslog sink failed; {Count} message(s) lost")]
        public static partial void SinkFailed(ILogger logger, Exception exception, int count);
    }
}
