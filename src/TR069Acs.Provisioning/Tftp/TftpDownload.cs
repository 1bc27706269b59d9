using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Provisioning.Tftp;

/// <summary>The state of one <see cref="TftpClient.DownloadAsync"/> call: a receive loop with a retransmission timer.</summary>
internal sealed partial class TftpDownload
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly string _fileName;
    private readonly TftpClientOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly List<TftpOption> _requestedOptions;

    private IPEndPoint? _peer;
    private byte[] _lastSent = [];
    private long _deadline;
    private int _retriesLeft;
    private bool _optionsRequested;
    private bool _oackReceived;
    private bool _fellBack;
    private int _blockSize = TftpLimits.DefaultBlockSize;
    private long? _transferSize;
    private ushort _expectedBlock = 1;
    private bool _anyDataReceived;
    private MemoryStream _content = new();
    private int _retransmissions;
    private int _duplicates;
    private int _outOfOrder;

    public TftpDownload(Socket socket, IPEndPoint server, string fileName, TftpClientOptions options, CancellationToken cancellationToken)
    {
        _socket = socket;
        _server = server;
        _fileName = fileName;
        _options = options;
        _cancellationToken = cancellationToken;
        _requestedOptions = RequestedOptions(options);
        _optionsRequested = _requestedOptions.Count > 0;
    }

    public async Task<TftpDownloadResult> RunAsync()
    {
        // A server that ignores blksize sends 512-byte blocks even when fewer were asked for.
        var largestDatagram = TftpLimits.DataHeaderSize + Math.Max(_options.BlockSize, TftpLimits.DefaultBlockSize);
        using var receiver = new TftpDatagramReceiver(_socket, largestDatagram, _cancellationToken);
        await SendProgressAsync(TftpPacketWriter.Request(TftpOpcode.ReadRequest, _fileName, TftpTransferMode.Octet, _requestedOptions), _server)
            .ConfigureAwait(false);

        while (true)
        {
            var datagram = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(Math.Max(0, _deadline - Environment.TickCount64)))
                .ConfigureAwait(false);
            if (datagram is not { } received)
            {
                if (_retriesLeft == 0)
                {
                    return Fail(TftpDownloadOutcome.Timeout, TimeoutMessage());
                }

                _retriesLeft--;
                _retransmissions++;
                _deadline = Environment.TickCount64 + (long)_options.Timeout.TotalMilliseconds;
                await SendAsync(_lastSent, _peer ?? _server).ConfigureAwait(false);
                continue;
            }

            if (!await IsFromPeerAsync(received.Remote).ConfigureAwait(false))
            {
                continue;
            }

            if (received.Oversized)
            {
                return await AbortAsync(TftpErrorCode.IllegalOperation, received.Remote,
                    $"server sent a datagram larger than {largestDatagram} bytes, more than any block of this transfer").ConfigureAwait(false);
            }

            if (!TftpPacketParser.TryParse(received.Bytes, out var packet, out var error))
            {
                return await AbortAsync(TftpErrorCode.IllegalOperation, received.Remote, $"malformed packet from server: {error.Message}")
                    .ConfigureAwait(false);
            }

            var result = packet switch
            {
                TftpDataPacket data => await OnDataAsync(data, received.Remote).ConfigureAwait(false),
                TftpOptionAckPacket oack => await OnOptionAckAsync(oack, received.Remote).ConfigureAwait(false),
                TftpErrorPacket serverError => await OnErrorAsync(serverError).ConfigureAwait(false),
                _ => await AbortAsync(TftpErrorCode.IllegalOperation, received.Remote,
                    $"server sent an unexpected {TftpPacketParser.NameOf(packet.Opcode)}").ConfigureAwait(false),
            };
            if (result is not null)
            {
                return result;
            }
        }
    }

    private static List<TftpOption> RequestedOptions(TftpClientOptions options)
    {
        var list = new List<TftpOption>(3);
        if (options.BlockSize != TftpLimits.DefaultBlockSize)
        {
            list.Add(new(TftpOption.BlockSize, options.BlockSize.ToString(CultureInfo.InvariantCulture)));
        }

        if (options.RequestTransferSize)
        {
            // RFC 2349: a read request carries tsize 0; the OACK returns the size.
            list.Add(new(TftpOption.TransferSize, "0"));
        }

        var seconds = options.Timeout.TotalSeconds;
        if (options.RequestTimeout && seconds == Math.Floor(seconds) && seconds is >= TftpLimits.MinTimeoutSeconds and <= TftpLimits.MaxTimeoutSeconds)
        {
            list.Add(new(TftpOption.Timeout, ((int)seconds).ToString(CultureInfo.InvariantCulture)));
        }

        return list;
    }

    private async ValueTask<bool> IsFromPeerAsync(IPEndPoint remote)
    {
        if (_peer is null)
        {
            // RFC 1350 §4: the first answer comes from the server's new TID (any port) on the server's address.
            return Normalize(remote.Address).Equals(Normalize(_server.Address));
        }

        if (remote.Equals(_peer))
        {
            return true;
        }

        // RFC 1350 §4: a packet from a foreign TID gets ERROR 5 and does not disturb the transfer.
        await SendAsync(TftpPacketWriter.Error(TftpErrorCode.UnknownTransferId, "unknown transfer ID"), remote).ConfigureAwait(false);
        return false;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>Sends a packet that moves the transfer forward: it becomes the one retransmitted, with a fresh retry budget.</summary>
    private ValueTask SendProgressAsync(byte[] packet, IPEndPoint to)
    {
        _lastSent = packet;
        _retriesLeft = _options.Retries;
        _deadline = Environment.TickCount64 + (long)_options.Timeout.TotalMilliseconds;
        return SendAsync(packet, to);
    }

    private async ValueTask SendAsync(byte[] packet, IPEndPoint to) =>
        await _socket.SendToAsync(packet, SocketFlags.None, to, _cancellationToken).ConfigureAwait(false);

    private string TimeoutMessage() => (_anyDataReceived, _oackReceived) switch
    {
        (true, _) => $"transfer stalled after block {(ushort)(_expectedBlock - 1)}: no answer to {_options.Retries} retransmissions",
        (false, true) => $"no DATA after the option acknowledgement: no answer to {_options.Retries} retransmissions",
        _ => $"no answer from {_server} to the read request for '{_fileName}' after {_options.Retries} retransmissions",
    };

    private TftpTransferStatistics Statistics() =>
        new(_blockSize, _oackReceived, _transferSize, _retransmissions, _duplicates, _outOfOrder, _fellBack);

    private TftpDownloadResult Fail(TftpDownloadOutcome outcome, string message, TftpErrorCode? code = null) =>
        TftpDownloadResult.Failure(outcome, message, Statistics(), code);

    /// <summary>Tells the server why the transfer ends (best effort) and returns the matching failure.</summary>
    private async ValueTask<TftpDownloadResult> AbortAsync(TftpErrorCode code, IPEndPoint to, string message, TftpDownloadOutcome outcome = TftpDownloadOutcome.ProtocolError)
    {
        try
        {
            await SendAsync(TftpPacketWriter.Error(code, message), to).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The failure being reported matters more than telling the server about it.
        }

        return Fail(outcome, message);
    }
}
