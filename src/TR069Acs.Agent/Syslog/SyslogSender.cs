using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Agent.Syslog;

/// <summary>Sends the phones' syslog messages (RFC 3164 over UDP) from one socket shared by the fleet. Sending never
/// blocks a phone and never fails it: an unreachable server just loses the message, as UDP syslog does.</summary>
internal sealed class SyslogSender : IDisposable
{
    /// <summary>RFC 3164 4.1.1: facility local0.</summary>
    private const int Facility = 16;

    /// <summary>The syslog port when <c>Syslog_Server</c> names none.</summary>
    public const int DefaultPort = 514;

    private readonly Lazy<Socket> _socket = new(() => new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true });

    /// <summary>Sends <paramref name="message"/> to <paramref name="server"/> (<c>host[:port]</c>); nothing when either is empty.</summary>
    /// <param name="server">The <c>Syslog_Server</c> or <c>Debug_Server</c> value.</param>
    /// <param name="severity">RFC 3164 severity: 3 error, 6 informational, 7 debug.</param>
    /// <param name="host">What follows the timestamp: the <c>Syslog_Identifier</c> value, or the phone's address.</param>
    /// <param name="message">The expanded message.</param>
    /// <param name="now">The timestamp.</param>
    public async Task SendAsync(string server, int severity, string host, string message, DateTimeOffset now)
    {
        if (server.Length == 0 || message.Length == 0 || !HostPort.TryParse(server, out var target))
        {
            return;
        }
        try
        {
            var addresses = IPAddress.TryParse(target.Value.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(target.Value.Host).ConfigureAwait(false);
            if (addresses.Length == 0)
            {
                return;
            }
            var address = addresses[0].AddressFamily == AddressFamily.InterNetwork ? addresses[0].MapToIPv6() : addresses[0];
            var datagram = Format(severity, host, message, now);
            await _socket.Value.SendToAsync(datagram, SocketFlags.None, new IPEndPoint(address, target.Value.PortOr(DefaultPort))).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // UDP syslog is best effort (RFC 3164 6.1).
        }
    }

    /// <summary>RFC 3164 4.1: <c>&lt;PRI&gt;Mmm dd hh:mm:ss HOST MSG</c>, at most 1024 bytes.</summary>
    public static byte[] Format(int severity, string host, string message, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        // RFC 3164 4.1.2: the day is space-padded, the month English.
        var timestamp = utc.ToString("MMM", CultureInfo.InvariantCulture) + " "
            + utc.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) + " " + utc.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var text = string.Create(CultureInfo.InvariantCulture, $"<{Facility * 8 + severity}>{timestamp} {(host.Length == 0 ? "-" : host)} {message}");
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= 1024 ? bytes : bytes[..1024];
    }

    public void Dispose()
    {
        if (_socket.IsValueCreated)
        {
            _socket.Value.Dispose();
        }
    }
}
