using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Rules;

/// <summary>
/// The URL part of a rule: <c>[scheme://][server[:port]]/path</c>. Without a scheme TFTP is assumed; without a
/// server (<c>/$PSN.xml</c>, <c>tftp:///file</c>) the DHCP-provided TFTP server is used; without a port, 69, 80 or
/// 443. A scheme-less URL that does not start with <c>/</c> begins with the server
/// (<c>tftp.callme.com/profile/x.cfg</c>). HTTP user info (<c>http://user:pass@host/…</c>) becomes credentials.
/// </summary>
internal static class RuleUrl
{
    public static RuleTarget Parse(string url, HostPort? dhcpServer, string? key, string? username, string? password)
    {
        var text = url.Trim();
        if (text.Length == 0)
        {
            throw new ProvisioningRuleException(RuleErrorKind.Url, "the URL is empty");
        }

        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ProvisioningRuleException(RuleErrorKind.Url, $"'{text}' contains spaces or control characters");
            }
        }

        var scheme = RuleScheme.Tftp;
        var rest = text.AsSpan();
        var separator = rest.IndexOf("://", StringComparison.Ordinal);
        if (separator > 0 && IsSchemeName(rest[..separator]))
        {
            if (!RuleSchemes.TryParse(rest[..separator], out scheme))
            {
                throw new ProvisioningRuleException(RuleErrorKind.Url, $"unsupported scheme '{rest[..separator]}' (tftp, http or https)");
            }

            rest = rest[(separator + 3)..];
        }
        else if (rest[0] == '/')
        {
            return WithDhcpServer(text, scheme, rest.ToString(), dhcpServer, key, username, password);
        }

        var slash = rest.IndexOfAny('/', '?');
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..].ToString();
        if (path.StartsWith('?'))
        {
            path = "/" + path;
        }

        if (path.Length == 0 || (scheme == RuleScheme.Tftp && path.Length == 1))
        {
            throw new ProvisioningRuleException(RuleErrorKind.Url,
                $"'{text}' names no file (write [scheme://][server[:port]]/path, or /path for the DHCP-provided server)");
        }

        if (authority.IsEmpty)
        {
            return WithDhcpServer(text, scheme, path, dhcpServer, key, username, password);
        }

        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            if (scheme == RuleScheme.Tftp)
            {
                throw new ProvisioningRuleException(RuleErrorKind.Url, "TFTP URLs cannot carry a user name or password");
            }

            var userInfo = authority[..at];
            var colon = userInfo.IndexOf(':');
            username ??= Uri.UnescapeDataString((colon < 0 ? userInfo : userInfo[..colon]).ToString());
            password ??= colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..].ToString());
            authority = authority[(at + 1)..];
        }

        if (!HostPort.TryParse(authority, out var server))
        {
            throw new ProvisioningRuleException(RuleErrorKind.Url, $"'{authority}' is not server[:port] with a port of 1-65535");
        }

        return new RuleTarget(scheme, server.Value.Host, server.Value.PortOr(RuleSchemes.DefaultPort(scheme)), path, key, username, password);
    }

    private static RuleTarget WithDhcpServer(string text, RuleScheme scheme, string path, HostPort? dhcpServer, string? key, string? username, string? password)
    {
        if (dhcpServer is not HostPort server)
        {
            throw new ProvisioningRuleException(RuleErrorKind.NoServer,
                $"'{text}' names no server and no DHCP-provided TFTP server (option 66) is known");
        }

        // The DHCP option names a TFTP server; its port applies to TFTP only.
        var port = scheme == RuleScheme.Tftp ? server.PortOr(69) : RuleSchemes.DefaultPort(scheme);
        return new RuleTarget(scheme, server.Host, port, path, key, username, password, ServerFromDhcp: true);
    }

    // RFC 3986 3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    private static bool IsSchemeName(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
