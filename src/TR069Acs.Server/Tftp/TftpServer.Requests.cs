using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tftp;

/// <summary>What arrives on the request port: requests are checked and started, everything else answered or dropped.</summary>
public sealed partial class TftpServer
{
    private async ValueTask OnDatagramAsync(ReadOnlyMemory<byte> datagram, IPEndPoint remote, IPAddress? localAddress)
    {
        var opcode = datagram.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(datagram.Span) : (ushort)0;
        if (opcode == (ushort)TftpOpcode.Error)
        {
            // RFC 1350 §7: an ERROR is never acknowledged or answered, to avoid loops between two peers.
            return;
        }

        if (datagram.Length > TftpLimits.MaxRequestPacketSize && opcode is 1 or 2)
        {
            Statistics.MalformedPacket();
            await ReplyAsync(remote, TftpErrorCode.IllegalOperation, $"request of {datagram.Length} bytes exceeds the {TftpLimits.MaxRequestPacketSize} octets of RFC 2347").ConfigureAwait(false);
            return;
        }

        if (!TftpPacketParser.TryParse(datagram, out var packet, out var error))
        {
            Statistics.MalformedPacket();
            await ReplyAsync(remote, TftpErrorCode.IllegalOperation, error.Message).ConfigureAwait(false);
            return;
        }

        switch (packet)
        {
            case TftpRequestPacket { Opcode: TftpOpcode.WriteRequest }:
                Statistics.RequestRefused();
                await ReplyAsync(remote, TftpErrorCode.AccessViolation, "read-only server: write requests are refused").ConfigureAwait(false);
                break;
            case TftpRequestPacket request:
                await OnReadRequestAsync(request, remote, localAddress).ConfigureAwait(false);
                break;
            default:
                // DATA, ACK or OACK on the request port belong to no transfer (ended, or never started).
                await ReplyAsync(remote, TftpErrorCode.UnknownTransferId, "unknown transfer ID").ConfigureAwait(false);
                break;
        }
    }

    private async ValueTask OnReadRequestAsync(TftpRequestPacket request, IPEndPoint remote, IPAddress? localAddress)
    {
        if (request.Mode == TftpTransferMode.Mail)
        {
            await RefuseAsync(remote, request, TftpErrorCode.IllegalOperation, "mail mode is not supported (RFC 1350)").ConfigureAwait(false);
            return;
        }

        var problem = TftpFileNameRules.Check(request.FileName, Options.AllowLeadingSlash, out var fileName);
        if (problem is not null)
        {
            await RefuseAsync(remote, request, TftpErrorCode.AccessViolation, problem).ConfigureAwait(false);
            return;
        }

        var negotiation = TftpOptionNegotiation.Negotiate(request, Options, out problem);
        if (negotiation is null)
        {
            // RFC 2347: a request whose options the server will not accept is answered with ERROR 8.
            await RefuseAsync(remote, request, TftpErrorCode.OptionNegotiationFailed, problem!).ConfigureAwait(false);
            return;
        }

        if (_transfers.ContainsKey(remote))
        {
            // The client retransmitted its RRQ while our first answer was on the way: one transfer is enough.
            Statistics.DuplicateRequest();
            return;
        }

        if (!_newTransfers.TryAcquire(remote.Address))
        {
            // Issue 16 §1: unanswered, since an answer toward a forged source is what a flood wants; the client retries.
            Statistics.RequestRateLimited();
            Log.RateLimited(Logger, remote);
            return;
        }

        if (_transfers.Count >= Options.MaxConcurrentTransfers)
        {
            Statistics.RequestRefused(busy: true);
            await ReplyAsync(remote, TftpErrorCode.NotDefined, $"server busy: {Options.MaxConcurrentTransfers} transfers in progress, try again later").ConfigureAwait(false);
            return;
        }

        if (!TryAcquireAddress(remote.Address))
        {
            Statistics.RequestRefused(busy: true);
            await ReplyAsync(remote, TftpErrorCode.NotDefined,
                $"server busy: {Options.MaxTransfersPerAddress} transfers in progress for this address, try again later").ConfigureAwait(false);
            return;
        }

        Socket socket;
        try
        {
            socket = OpenTransferSocket(localAddress);
        }
        catch (SocketException e)
        {
            ReleaseAddress(remote.Address);
            Log.TransferPortFailed(Logger, remote, e.SocketErrorCode);
            Statistics.RequestRefused(busy: true);
            await ReplyAsync(remote, TftpErrorCode.NotDefined, "server cannot open a transfer port, try again later").ConfigureAwait(false);
            return;
        }

        var transfer = new TftpTransfer(this, socket, remote, request, fileName, negotiation, _stop.Token);
        Statistics.TransferStarted();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            // The transfer's end removes it from the table, so it must be in the table first.
            await gate.Task.ConfigureAwait(false);
            await transfer.RunAsync().ConfigureAwait(false);
        });
        _transfers[remote] = task;
        gate.SetResult();
    }

    // Issue 16 §1: transfers per client address (an IPv6 /64 as one), so one host cannot fill the table.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPAddress, int> _perAddress = new();

    private bool TryAcquireAddress(IPAddress address)
    {
        var key = Hosting.ConnectionLimiter.Key(address)!;
        while (true)
        {
            if (_perAddress.TryGetValue(key, out var count))
            {
                if (count >= Options.MaxTransfersPerAddress)
                {
                    return false;
                }
                if (_perAddress.TryUpdate(key, count + 1, count))
                {
                    return true;
                }
            }
            else if (_perAddress.TryAdd(key, 1))
            {
                return true;
            }
        }
    }

    private void ReleaseAddress(IPAddress address)
    {
        var key = Hosting.ConnectionLimiter.Key(address)!;
        while (_perAddress.TryGetValue(key, out var count))
        {
            if (count <= 1 ? _perAddress.TryRemove(KeyValuePair.Create(key, count)) : _perAddress.TryUpdate(key, count - 1, count))
            {
                return;
            }
        }
    }

    private Socket OpenTransferSocket(IPAddress? localAddress)
    {
        var listen = (IPEndPoint)_socket!.LocalEndPoint!;
        var bindAddress = listen.Address;
        if ((bindAddress.Equals(IPAddress.Any) || bindAddress.Equals(IPAddress.IPv6Any)) && localAddress is not null
            && !localAddress.Equals(IPAddress.Any) && !localAddress.Equals(IPAddress.IPv6Any))
        {
            // Answer from the address the client wrote to, or a multi-homed host confuses the client.
            bindAddress = listen.AddressFamily == AddressFamily.InterNetworkV6 && localAddress.AddressFamily == AddressFamily.InterNetwork
                ? localAddress.MapToIPv6()
                : localAddress;
        }

        var dualMode = _socket.DualMode;
        return Hosting.UdpSockets.Bind(new IPEndPoint(bindAddress, 0), s =>
        {
            if (listen.AddressFamily == AddressFamily.InterNetworkV6)
            {
                s.DualMode = dualMode;
            }
        });
    }

    private ValueTask RefuseAsync(IPEndPoint remote, TftpRequestPacket request, TftpErrorCode code, string message)
    {
        Statistics.RequestRefused();
        Log.RequestRefused(Logger, remote, request.FileName, message);
        return ReplyAsync(remote, code, message);
    }

    private async ValueTask ReplyAsync(IPEndPoint remote, TftpErrorCode code, string message) =>
        await _socket!.SendToAsync(TftpPacketWriter.Error(code, message), SocketFlags.None, remote, _stop.Token).ConfigureAwait(false);

    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Information, "TFTP server listening on {EndPoint}")]
        public static partial void Started(ILogger logger, IPEndPoint endPoint);

        [LoggerMessage(111, LogLevel.Debug, "TFTP request from {Remote} for '{FileName}' refused: {Reason}")]
        public static partial void RequestRefused(ILogger logger, IPEndPoint remote, string fileName, string reason);

        [LoggerMessage(112, LogLevel.Warning, "TFTP request from {Remote}: cannot open a transfer port ({Error})")]
        public static partial void TransferPortFailed(ILogger logger, IPEndPoint remote, SocketError error);

        [LoggerMessage(113, LogLevel.Debug, "TFTP request port: receive failed ({Error})")]
        public static partial void ReceiveFailed(ILogger logger, SocketError error);

        [LoggerMessage(114, LogLevel.Debug, "TFTP request from {Remote} dropped: the address starts new transfers faster than its rate")]
        public static partial void RateLimited(ILogger logger, IPEndPoint remote);
    }
}
