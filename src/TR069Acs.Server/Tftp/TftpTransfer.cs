using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tftp;

/// <summary>
/// One read transfer on its own port (RFC 1350 §4: the server's TID). Sends OACK then DATA blocks, each
/// retransmitted until acknowledged or until the retry budget is spent. Holds one block buffer and one small
/// receive buffer; no thread of its own.
/// </summary>
internal sealed partial class TftpTransfer
{
    // The largest packet a reading client sends: an ERROR with up to 512 bytes of text. ACKs are 4 bytes.
    private const int MaxClientPacket = 4 + 512;

    private readonly TftpServer _server;
    private readonly Socket _socket;
    private readonly IPEndPoint _remote;
    private readonly TftpRequestPacket _request;
    private readonly string _fileName;
    private readonly TftpOptionNegotiation _negotiation;
    private readonly CancellationToken _stopToken;

    // The server's stop, or the transfer's total lifetime (TftpServerOptions.MaxTransferLifetime), whichever comes first.
    private readonly CancellationTokenSource _lifetime;
    private readonly CancellationToken _token;

    // Set by the client's first ACK: until then its address may be forged, and the first packet is barely repeated.
    private bool _clientAnswered;

    public TftpTransfer(TftpServer server, Socket socket, IPEndPoint remote, TftpRequestPacket request, string fileName, TftpOptionNegotiation negotiation, CancellationToken stopToken)
    {
        _server = server;
        _socket = socket;
        _remote = remote;
        _request = request;
        _fileName = fileName;
        _negotiation = negotiation;
        _stopToken = stopToken;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        _lifetime.CancelAfter(server.Options.MaxTransferLifetime);
        _token = _lifetime.Token;
    }

    private enum AckWait
    {
        Acknowledged,
        TimedOut,
        Aborted,
    }

    public async Task RunAsync()
    {
        var end = TftpTransferEnd.Failed;
        try
        {
            end = await TransferAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopToken.IsCancellationRequested)
        {
            end = TftpTransferEnd.Stopped;
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            end = TftpTransferEnd.TimedOut;
            Log.LifetimeExceeded(_server.Logger, _remote, _fileName, (int)_server.Options.MaxTransferLifetime.TotalSeconds);
            await SendQuietlyAsync(TftpPacketWriter.Error(TftpErrorCode.NotDefined, "transfer took longer than the server allows"), _remote, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            Log.SocketFailed(_server.Logger, _remote, _fileName, e.SocketErrorCode);
        }
        catch (Exception e)
        {
            // A failing file source or stream must end this transfer, never the server.
            Log.SourceFailed(_server.Logger, e, _remote, _fileName);
            await SendQuietlyAsync(TftpPacketWriter.Error(TftpErrorCode.NotDefined, "internal error reading the file"), _remote).ConfigureAwait(false);
        }
        finally
        {
            _lifetime.Dispose();
            _socket.Dispose();
            _server.OnTransferEnded(_remote, end);
        }
    }

    private async Task<TftpTransferEnd> TransferAsync()
    {
        await using var file = await _server.FileSource.OpenAsync(_fileName, _remote, _token).ConfigureAwait(false);
        if (file.Status != TftpFileStatus.Found)
        {
            var notFound = file.Status == TftpFileStatus.NotFound;
            var error = notFound
                ? TftpPacketWriter.Error(TftpErrorCode.FileNotFound, file.Message ?? "file not found")
                : TftpPacketWriter.Error(TftpErrorCode.AccessViolation, file.Message ?? "access denied");
            await SendAsync(error, _remote).ConfigureAwait(false);
            Log.Refused(_server.Logger, _remote, _fileName, notFound ? "not found" : "access denied");
            return notFound ? TftpTransferEnd.NotFound : TftpTransferEnd.Failed;
        }

        var blockSize = _negotiation.BlockSize;
        var reader = TftpBlockReader.For(file);
        using var netascii = _request.Mode == TftpTransferMode.NetAscii ? new NetasciiBlockReader(reader) : null;
        reader = netascii ?? reader;
        using var receiver = new TftpDatagramReceiver(_socket, MaxClientPacket, _token);
        var packet = ArrayPool<byte>.Shared.Rent(TftpLimits.DataHeaderSize + blockSize);
        try
        {
            var oack = OptionAck(file.Length);
            if (oack is not null)
            {
                // RFC 2347: the OACK is acknowledged with ACK 0 before DATA 1 is sent.
                var answer = await SendUntilAcknowledgedAsync(receiver, oack, 0).ConfigureAwait(false);
                if (answer != AckWait.Acknowledged)
                {
                    return answer == AckWait.TimedOut ? TftpTransferEnd.TimedOut : TftpTransferEnd.Failed;
                }
            }

            ushort block = 1;
            while (true)
            {
                var count = await reader.ReadAsync(packet.AsMemory(TftpLimits.DataHeaderSize, blockSize), _token).ConfigureAwait(false);
                TftpPacketWriter.WriteDataHeader(packet, block);
                var answer = await SendUntilAcknowledgedAsync(receiver, packet.AsMemory(0, TftpLimits.DataHeaderSize + count), block).ConfigureAwait(false);
                if (answer != AckWait.Acknowledged)
                {
                    return answer == AckWait.TimedOut ? TftpTransferEnd.TimedOut : TftpTransferEnd.Failed;
                }

                _server.Statistics.Sent(count);
                if (count < blockSize)
                {
                    return TftpTransferEnd.Completed;
                }

                // Past 65535 blocks the number wraps to 0, as tftp-hpa and most clients expect.
                block++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet);
        }
    }

    private byte[]? OptionAck(long? length)
    {
        var options = new List<TftpOption>(_negotiation.Acknowledged);
        if (_negotiation.TransferSizeRequested && length is { } size)
        {
            options.Add(new(TftpOption.TransferSize, size.ToString(CultureInfo.InvariantCulture)));
        }

        return options.Count == 0 ? null : TftpPacketWriter.OptionAck(options);
    }

    private async ValueTask<AckWait> SendUntilAcknowledgedAsync(TftpDatagramReceiver receiver, ReadOnlyMemory<byte> packet, ushort block)
    {
        // Issue 16 §1: toward a client that has acknowledged nothing, FirstPacketRetries (a silent or forged peer draws
        // two packets, not six); once it has answered, the full budget rides out packet loss.
        var retriesLeft = _clientAnswered ? _server.Options.MaxRetries : Math.Min(_server.Options.MaxRetries, _server.Options.FirstPacketRetries);
        await SendAsync(packet, _remote).ConfigureAwait(false);
        var deadline = Environment.TickCount64 + (long)_negotiation.Timeout.TotalMilliseconds;
        while (true)
        {
            var datagram = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)))
                .ConfigureAwait(false);
            if (datagram is not { } received)
            {
                if (retriesLeft-- == 0)
                {
                    Log.TimedOut(_server.Logger, _remote, _fileName, block);
                    return AckWait.TimedOut;
                }

                _server.Statistics.Retransmitted();
                await SendAsync(packet, _remote).ConfigureAwait(false);
                deadline = Environment.TickCount64 + (long)_negotiation.Timeout.TotalMilliseconds;
                continue;
            }

            if (!received.Remote.Equals(_remote))
            {
                // RFC 1350 §4: a stranger on this port gets ERROR 5; the transfer carries on.
                await SendQuietlyAsync(TftpPacketWriter.Error(TftpErrorCode.UnknownTransferId, "unknown transfer ID"), received.Remote).ConfigureAwait(false);
                continue;
            }

            var verdict = await JudgeAsync(received, block).ConfigureAwait(false);
            if (verdict is not null)
            {
                return verdict.Value;
            }
        }
    }

    /// <returns>null to keep waiting, else how the wait ends.</returns>
    private async ValueTask<AckWait?> JudgeAsync(TftpDatagram received, ushort block)
    {
        string problem;
        if (received.Oversized)
        {
            _server.Statistics.MalformedPacket();
            problem = $"packet larger than {MaxClientPacket} bytes during a read transfer";
        }
        else if (!TftpPacketParser.TryParse(received.Bytes, out var packet, out var error))
        {
            _server.Statistics.MalformedPacket();
            problem = $"malformed packet: {error.Message}";
        }
        else
        {
            switch (packet)
            {
                case TftpAckPacket ack when ack.Block == block:
                    _clientAnswered = true;
                    return AckWait.Acknowledged;
                case TftpAckPacket:
                    // RFC 1123 §4.2.3.1: a duplicate ACK must not trigger a retransmission (Sorcerer's Apprentice).
                    return null;
                case TftpErrorPacket clientError:
                    // The client gave up (e.g. ERROR 8 refusing our OACK); an ERROR is never answered.
                    Log.ClientError(_server.Logger, _remote, _fileName, (ushort)clientError.Code, clientError.Message);
                    return AckWait.Aborted;
                default:
                    problem = $"unexpected {TftpPacketParser.NameOf(packet.Opcode)} during a read transfer";
                    break;
            }
        }

        await SendQuietlyAsync(TftpPacketWriter.Error(TftpErrorCode.IllegalOperation, problem), _remote).ConfigureAwait(false);
        Log.Refused(_server.Logger, _remote, _fileName, problem);
        return AckWait.Aborted;
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint to) =>
        await _socket.SendToAsync(packet, SocketFlags.None, to, _token).ConfigureAwait(false);

    private ValueTask SendQuietlyAsync(byte[] packet, IPEndPoint to) => SendQuietlyAsync(packet, to, _token);

    private async ValueTask SendQuietlyAsync(byte[] packet, IPEndPoint to, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.SendToAsync(packet, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Best effort: the transfer is ending or the stranger is gone.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Debug, "TFTP {Remote} '{FileName}': {Reason}")]
        public static partial void Refused(ILogger logger, IPEndPoint remote, string fileName, string reason);

        [LoggerMessage(106, LogLevel.Information, "TFTP {Remote} '{FileName}': transfer ended after its lifetime of {Seconds} s")]
        public static partial void LifetimeExceeded(ILogger logger, IPEndPoint remote, string fileName, int seconds);

        [LoggerMessage(102, LogLevel.Information, "TFTP {Remote} '{FileName}': no ACK for block {Block} after retransmissions; transfer abandoned")]
        public static partial void TimedOut(ILogger logger, IPEndPoint remote, string fileName, ushort block);

        [LoggerMessage(103, LogLevel.Debug, "TFTP {Remote} '{FileName}': client sent ERROR {Code} {Message}")]
        public static partial void ClientError(ILogger logger, IPEndPoint remote, string fileName, ushort code, string message);

        [LoggerMessage(104, LogLevel.Warning, "TFTP {Remote} '{FileName}': socket error {Error}")]
        public static partial void SocketFailed(ILogger logger, IPEndPoint remote, string fileName, SocketError error);

        [LoggerMessage(105, LogLevel.Error, "TFTP {Remote} '{FileName}': the file source failed")]
        public static partial void SourceFailed(ILogger logger, Exception exception, IPEndPoint remote, string fileName);
    }
}
