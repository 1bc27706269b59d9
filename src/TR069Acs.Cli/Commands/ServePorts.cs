using System.Net;
using System.Net.Sockets;
using TR069Acs.Server;

namespace TR069Acs.Cli.Commands;

/// <summary>The ports <c>acs serve</c> will bind, each with the setting that chose it, checked before anything binds so a
/// busy port is one line naming the port and its setting (not Kestrel's stack trace half-way through the start).</summary>
internal static class ServePorts
{
    /// <summary>Every fixed (non-zero, not turned off) port of <paramref name="options"/>: the setting, the port, UDP or TCP.</summary>
    public static IEnumerable<(string Setting, int Port, bool Udp)> Of(AcsOptions options)
    {
        var tls = !string.IsNullOrWhiteSpace(options.TlsCertificate);
        var all = new List<(string, int, bool)>
        {
            ("Acs:CwmpPort", options.CwmpPort, false),
            ("Acs:ApiPort", options.ApiPort, false),
            ("Acs:FilesPort", options.FilesPort, false),
            ("Acs:TftpPort (--tftp-port)", options.TftpPort, true),
            ("Acs:SyslogPort (--syslog-port)", options.SyslogPort, true),
        };
        if (tls)
        {
            all.Add(("Acs:FilesTlsPort", options.FilesTlsPort, false));
            all.Add(("Acs:CwmpTlsPort", options.CwmpTlsPort, false));
            all.Add(("Acs:ApiTlsPort", options.ApiTlsPort, false));
        }
        return all.Where(p => p.Item2 > 0);
    }

    /// <summary>The first problem: a port two settings share, or one another process holds; null when every port is free.</summary>
    public static string? FindProblem(AcsOptions options)
    {
        var ports = Of(options).ToList();
        foreach (var group in ports.GroupBy(p => (p.Port, p.Udp)).Where(g => g.Count() > 1))
        {
            return $"port {group.Key.Port} is given to {string.Join(" and ", group.Select(p => p.Setting))}: each needs its own port.";
        }
        var address = ListenAddress(options.ListenAddress);
        foreach (var (setting, port, udp) in ports)
        {
            if (!IsFree(address, port, udp))
            {
                return InUse(setting, port, udp, options.ListenAddress);
            }
        }
        return null;
    }

    /// <summary>The one line for a port found busy while binding (a race with the check): names the setting when known.</summary>
    public static string? FromBindFailure(Exception exception, AcsOptions options)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var busy = e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                       || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            if (!busy)
            {
                continue;
            }
            var match = System.Text.RegularExpressions.Regex.Match(exception.Message + " " + e.Message, @":(\d{1,5})\b");
            if (match.Success && int.TryParse(match.Groups[1].Value, out var port) && Of(options).FirstOrDefault(p => p.Port == port) is { Setting: not null } known)
            {
                return InUse(known.Setting, port, known.Udp, options.ListenAddress);
            }
            return "a port of the ACS is already in use (another acs serve?): " + e.Message;
        }
        return null;
    }

    private static string InUse(string setting, int port, bool udp, string listenAddress)
        => $"port {port}{(udp ? "/udp" : "")} ({setting}) is already in use on {(string.IsNullOrWhiteSpace(listenAddress) ? "*" : listenAddress)}: "
           + $"stop what holds it (another acs serve?) or choose another port with --{setting.Split(' ')[0]} PORT.";

    // As the server reads Acs:ListenAddress (already validated): null for every interface.
    private static IPAddress? ListenAddress(string? text)
    {
        var address = text?.Trim().Trim('[', ']');
        return string.IsNullOrEmpty(address) || address is "*" or "0.0.0.0" or "::" ? null
            : address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(address, out var ip) ? ip : null;
    }

    private static bool IsFree(IPAddress? address, int port, bool udp)
    {
        var ip = address ?? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any);
        using var socket = new Socket(ip.AddressFamily, udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
        if (ip.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }
        if (!udp)
        {
            // As Kestrel does: a port left in TIME_WAIT by the last run is free; one with a listener is not.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }
        try
        {
            socket.Bind(new IPEndPoint(ip, port));
            if (!udp)
            {
                socket.Listen(1);
            }
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
        catch (SocketException)
        {
            // Not ours to judge here (a privileged port, an address not on this host): the real bind reports it.
            return true;
        }
    }
}
