using System.Net;
using System.Net.Sockets;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tests.Tftp;

/// <summary>
/// A UDP socket on loopback that a test drives packet by packet: the scripted misbehaving TFTP peer
/// (in the manner of Npgsql's PgPostmasterMock). Every wait is bounded so a broken test fails, never hangs.
/// </summary>
internal sealed class ScriptedUdpPeer : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public ScriptedUdpPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => EndPoint.Port;

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public async Task SendAsync(byte[] datagram, IPEndPoint to) => await _socket.SendToAsync(datagram, to);

    public Task SendAsync(TftpPacket packet, IPEndPoint to) => SendAsync(TftpPacketWriter.Encode(packet), to);

    /// <summary>The next datagram, parsed; fails the test when none arrives in time.</summary>
    public async Task<Received> ReceiveAsync(TimeSpan? wait = null)
    {
        var buffer = new byte[70000];
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            var bytes = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            TftpPacketParser.TryParse(bytes, out var packet, out _);
            return new Received(bytes, packet, (IPEndPoint)result.RemoteEndPoint);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no datagram on {EndPoint} within {wait ?? DefaultWait}");
        }
    }

    /// <summary>The next datagram, which must be a packet of type <typeparamref name="T"/>.</summary>
    public async Task<(T Packet, IPEndPoint From)> ReceiveAsync<T>(TimeSpan? wait = null)
        where T : TftpPacket
    {
        var received = await ReceiveAsync(wait);
        return (Assert.IsType<T>(received.Packet), received.From);
    }

    /// <summary>True when no datagram arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> IsQuietAsync(TimeSpan wait)
    {
        try
        {
            await ReceiveAsync(wait);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    public void Dispose() => _socket.Dispose();

    public sealed record Received(byte[] Bytes, TftpPacket? Packet, IPEndPoint From);
}
