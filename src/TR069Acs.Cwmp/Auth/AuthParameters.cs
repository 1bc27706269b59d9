using System.Text;

namespace TR069Acs.Cwmp.Auth;

/// <summary>The <c>scheme name=value, name="quoted, value"</c> syntax of HTTP authentication headers (RFC 7235 §2.1).</summary>
internal static class AuthParameters
{
    /// <summary>Parses <paramref name="headerValue"/> when it starts with <paramref name="scheme"/>; names are
    /// case-insensitive, the first occurrence of a name wins, quoted strings may hold commas and backslash escapes.</summary>
    public static bool TryParse(string? headerValue, string scheme, out Dictionary<string, string> parameters)
    {
        parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!TryStripScheme(headerValue, scheme, out var rest))
        {
            return false;
        }
        var i = 0;
        while (true)
        {
            while (i < rest.Length && (rest[i] == ',' || char.IsWhiteSpace(rest[i])))
            {
                i++;
            }
            if (i == rest.Length)
            {
                return true;
            }
            var nameStart = i;
            while (i < rest.Length && rest[i] != '=' && rest[i] != ',' && !char.IsWhiteSpace(rest[i]))
            {
                i++;
            }
            var name = rest[nameStart..i].ToString();
            while (i < rest.Length && char.IsWhiteSpace(rest[i]))
            {
                i++;
            }
            if (name.Length == 0 || i == rest.Length || rest[i] != '=')
            {
                return false;
            }
            i++;
            while (i < rest.Length && char.IsWhiteSpace(rest[i]))
            {
                i++;
            }
            string value;
            if (i < rest.Length && rest[i] == '"')
            {
                if (!TryReadQuoted(rest, ref i, out value))
                {
                    return false;
                }
            }
            else
            {
                var valueStart = i;
                while (i < rest.Length && rest[i] != ',' && !char.IsWhiteSpace(rest[i]))
                {
                    i++;
                }
                value = rest[valueStart..i].ToString();
            }
            parameters.TryAdd(name, value);
        }
    }

    /// <summary>True when <paramref name="headerValue"/> is "<paramref name="scheme"/>" followed by whitespace or nothing.</summary>
    public static bool TryStripScheme(string? headerValue, string scheme, out ReadOnlySpan<char> rest)
    {
        var s = headerValue.AsSpan().Trim();
        rest = default;
        if (!s.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || (s.Length > scheme.Length && !char.IsWhiteSpace(s[scheme.Length])))
        {
            return false;
        }
        rest = s[scheme.Length..].TrimStart();
        return true;
    }

    // RFC 7230 §3.2.6 quoted-string with quoted-pair; i starts on the opening quote and ends after the closing one.
    private static bool TryReadQuoted(ReadOnlySpan<char> s, ref int i, out string value)
    {
        var sb = new StringBuilder();
        for (i++; i < s.Length; i++)
        {
            var ch = s[i];
            if (ch == '"')
            {
                i++;
                value = sb.ToString();
                return true;
            }
            if (ch == '\\' && i + 1 < s.Length)
            {
                ch = s[++i];
            }
            sb.Append(ch);
        }
        value = "";
        return false;
    }

    /// <summary>Appends <c>name="value"</c>, escaping quotes and backslashes.</summary>
    public static StringBuilder AppendQuoted(this StringBuilder sb, string name, string value)
    {
        if (sb.Length > 0 && sb[^1] != ' ')
        {
            sb.Append(", ");
        }
        sb.Append(name).Append("=\"");
        foreach (var ch in value)
        {
            if (ch is '"' or '\\')
            {
                sb.Append('\\');
            }
            sb.Append(ch);
        }
        return sb.Append('"');
    }

    /// <summary>Appends <c>name=token</c> (no quotes, for algorithm, qop in credentials, nc, stale).</summary>
    public static StringBuilder AppendToken(this StringBuilder sb, string name, string value)
    {
        if (sb.Length > 0 && sb[^1] != ' ')
        {
            sb.Append(", ");
        }
        return sb.Append(name).Append('=').Append(value);
    }
}
