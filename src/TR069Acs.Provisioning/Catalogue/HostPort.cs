using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace TR069Acs.Provisioning.Catalogue;

/// <summary>
/// A <c>host[:port]</c> setting (<c>Proxy_1_</c>, <c>Syslog_Server</c>, the agent's <c>--tftp-server</c>).
/// IPv6 literals are written in brackets when a port follows (<c>[2001:db8::1]:5060</c>).
/// </summary>
/// <param name="Host">Host name or IP address, without brackets.</param>
/// <param name="Port">The explicit port, or null when the setting names none.</param>
public readonly record struct HostPort(string Host, int? Port)
{
    /// <summary>The port, or <paramref name="defaultPort"/> when none was given.</summary>
    public int PortOr(int defaultPort) => Port ?? defaultPort;

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>[v6]</c>, <c>[v6]:port</c> or a bare IPv6 literal.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out HostPort? value)
    {
        value = null;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<char> host;
        ReadOnlySpan<char> port = default;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(text[1..close], out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (!rest.IsEmpty)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                port = rest[1..];
                if (port.IsEmpty)
                {
                    return false;
                }
            }
        }
        else if (text.Count(':') > 1)
        {
            // A bare IPv6 literal cannot carry a port.
            if (!IPAddress.TryParse(text, out _))
            {
                return false;
            }

            host = text;
        }
        else
        {
            var colon = text.IndexOf(':');
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0)
            {
                port = text[(colon + 1)..];
                if (port.IsEmpty)
                {
                    return false;
                }
            }

            if (!IsHostName(host))
            {
                return false;
            }
        }

        int? portNumber = null;
        if (!port.IsEmpty)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return false;
            }

            portNumber = p;
        }

        value = new HostPort(host.ToString(), portNumber);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the text.</summary>
    public static HostPort Parse(string text) =>
        TryParse(text, out var value) ? value.Value : throw new FormatException($"'{text}' is not host[:port] with a port of 1-65535");

    /// <summary>The setting text: <c>host</c>, <c>host:port</c> or <c>[v6]:port</c>.</summary>
    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) && Port is not null ? "[" + Host + "]" : Host;
        return Port is int port ? host + ":" + port.ToString(CultureInfo.InvariantCulture) : host;
    }

    // RFC 1123 host names (letters, digits, '-', '.'), plus '_' which SIP deployments use in SRV-style names.
    private static bool IsHostName(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.Length > 253)
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
