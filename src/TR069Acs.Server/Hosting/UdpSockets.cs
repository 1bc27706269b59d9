using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Server.Hosting;

/// <summary>The UDP listeners of the ACS (TFTP, syslog) bind the same way: dual-stack on the IPv6 wildcard, so one
/// socket takes IPv4 and IPv6 phones, with the caller's options applied before binding.</summary>
internal static class UdpSockets
{
    /// <summary>A bound UDP socket; nothing is left open when configuring or binding fails.</summary>
    /// <exception cref="SocketException">The port is taken or the address is not local.</exception>
    public static Socket Bind(IPEndPoint endPoint, Action<Socket>? configure = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            configure?.Invoke(socket);
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
