using System.Globalization;

namespace TR069Acs.Provisioning.Syslog;

public static partial class SyslogParser
{
    // RFC 5424 6: VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
    private static SyslogMessage ParseRfc5424(SyslogFacility facility, SyslogSeverity severity, ReadOnlySpan<char> rest)
    {
        var timestampText = NextField(ref rest, "TIMESTAMP");
        DateTimeOffset? timestamp = null;
        if (timestampText != "-")
        {
            if (!DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                || !timestampText.Contains('T', StringComparison.Ordinal))
            {
                throw new SyslogParseException($"RFC 5424: '{timestampText}' is not an RFC 3339 timestamp");
            }

            timestamp = parsed;
        }

        var host = Nil(NextField(ref rest, "HOSTNAME"));
        var app = Nil(NextField(ref rest, "APP-NAME"));
        var pid = Nil(NextField(ref rest, "PROCID"));
        var msgId = Nil(NextField(ref rest, "MSGID"));
        string? structured;
        if (rest.StartsWith("-"))
        {
            structured = null;
            rest = rest[1..];
        }
        else
        {
            var length = StructuredDataLength(rest);
            structured = rest[..length].ToString();
            rest = rest[length..];
        }

        if (!rest.IsEmpty)
        {
            if (rest[0] != ' ')
            {
                throw new SyslogParseException("RFC 5424: expected a space after STRUCTURED-DATA");
            }

            rest = rest[1..];
        }

        // RFC 5424 6.4: a UTF-8 message may start with a BOM.
        if (rest.StartsWith("\uFEFF"))
        {
            rest = rest[1..];
        }

        return new SyslogMessage(facility, severity, timestamp, host, app, pid, msgId, structured, rest.ToString(), SyslogFormat.Rfc5424);
    }

    private static string NextField(ref ReadOnlySpan<char> rest, string name)
    {
        var space = rest.IndexOf(' ');
        if (space <= 0)
        {
            throw new SyslogParseException($"RFC 5424: {name} missing");
        }

        var field = rest[..space].ToString();
        rest = rest[(space + 1)..];
        return field;
    }

    private static string? Nil(string field) => field == "-" ? null : field;

    // One or more [SD-ID param="value" …] elements; values may escape '"', '\' and ']' with '\'.
    private static int StructuredDataLength(ReadOnlySpan<char> s)
    {
        var i = 0;
        while (i < s.Length && s[i] == '[')
        {
            var inQuotes = false;
            i++;
            while (true)
            {
                if (i >= s.Length)
                {
                    throw new SyslogParseException("RFC 5424: unterminated STRUCTURED-DATA");
                }

                var c = s[i];
                if (inQuotes && c == '\\' && i + 1 < s.Length)
                {
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (c == ']' && !inQuotes)
                {
                    i++;
                    break;
                }

                i++;
            }
        }

        if (i == 0)
        {
            throw new SyslogParseException("RFC 5424: STRUCTURED-DATA must be '-' or start with '['");
        }

        return i;
    }
}
