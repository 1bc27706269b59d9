using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace TR069Acs.Provisioning.Syslog;

/// <summary>
/// Parses syslog datagrams in either format: RFC 5424 when the version <c>1</c> follows the PRI, otherwise
/// RFC 3164 (BSD). For RFC 3164 the HOSTNAME is only taken when a timestamp precedes it (RFC 3164 4.3.2), and a
/// TAG only when the next word ends in <c>:</c> or <c>[pid]:</c>; everything else is the message.
/// </summary>
public static partial class SyslogParser
{
    /// <summary>The largest datagram accepted (RFC 5424 6.1 lets receivers cap at 2048; UDP allows more).</summary>
    public const int MaxMessageBytes = 8192;

    private static readonly string[] _months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses a datagram (UTF-8; a trailing newline or NUL is ignored).</summary>
    /// <param name="datagram">The received bytes.</param>
    /// <param name="now">The receiver's clock, which supplies the year of RFC 3164 timestamps.</param>
    public static SyslogMessage Parse(ReadOnlySpan<byte> datagram, DateTimeOffset now)
    {
        if (datagram.Length > MaxMessageBytes)
        {
            throw new SyslogParseException($"the datagram of {datagram.Length} bytes exceeds {MaxMessageBytes}");
        }

        return Parse(Encoding.UTF8.GetString(datagram), now);
    }

    /// <summary>Parses one message line.</summary>
    /// <exception cref="SyslogParseException">No valid <c>&lt;PRI&gt;</c>, or a malformed RFC 5424 header.</exception>
    public static SyslogMessage Parse(string line, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.AsSpan().TrimEnd("\r\n\0");
        if (text.Length < 3 || text[0] != '<')
        {
            throw new SyslogParseException("not a syslog message: it must start with <PRI>");
        }

        var close = text[..Math.Min(text.Length, 5)].IndexOf('>');
        if (close < 2 || !int.TryParse(text[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out var pri) || pri > 191
            || (close > 2 && text[1] == '0'))
        {
            throw new SyslogParseException("not a syslog message: <PRI> must be 0-191");
        }

        var facility = (SyslogFacility)(pri / 8);
        var severity = (SyslogSeverity)(pri % 8);
        var rest = text[(close + 1)..];
        return rest.Length >= 2 && rest[0] == '1' && rest[1] == ' '
            ? ParseRfc5424(facility, severity, rest[2..])
            : ParseRfc3164(facility, severity, rest, now);
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string line, DateTimeOffset now, [NotNullWhen(true)] out SyslogMessage? message, [NotNullWhen(false)] out string? error)
    {
        try
        {
            message = Parse(line, now);
            error = null;
            return true;
        }
        catch (SyslogParseException e)
        {
            message = null;
            error = e.Message;
            return false;
        }
    }

    private static SyslogMessage ParseRfc3164(SyslogFacility facility, SyslogSeverity severity, ReadOnlySpan<char> rest, DateTimeOffset now)
    {
        DateTimeOffset? timestamp = null;
        string? host = null;
        if (TryParseBsdTimestamp(rest, now, out var time))
        {
            timestamp = time;
            rest = rest[15..].TrimStart(' ');
            var space = rest.IndexOf(' ');
            if (space > 0)
            {
                host = rest[..space].ToString();
                rest = rest[(space + 1)..];
            }
        }

        string? tag = null, pid = null;
        var word = rest.IndexOf(' ');
        var candidate = word < 0 ? rest : rest[..word];
        if (candidate.Length > 1 && candidate[^1] == ':' && candidate.Length <= 49)
        {
            var name = candidate[..^1];
            var open = name.IndexOf('[');
            if (open > 0 && name[^1] == ']')
            {
                pid = name[(open + 1)..^1].ToString();
                name = name[..open];
            }

            if (name.IndexOfAny("[]") < 0)
            {
                tag = name.ToString();
                rest = word < 0 ? [] : rest[(word + 1)..];
            }
            else
            {
                pid = null;
            }
        }

        return new SyslogMessage(facility, severity, timestamp, host, tag, pid, null, null, rest.ToString(), SyslogFormat.Rfc3164);
    }

    // "Mmm dd hh:mm:ss" with the day space- or zero-padded; the year is the receiver's, or the previous one when
    // that would put the message more than a month in the future (a December message read in January).
    private static bool TryParseBsdTimestamp(ReadOnlySpan<char> s, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        if (s.Length < 15 || s[3] != ' ' || s[6] != ' ' || s[9] != ':' || s[12] != ':')
        {
            return false;
        }

        var month = 0;
        for (var m = 0; m < _months.Length; m++)
        {
            if (s[..3].SequenceEqual(_months[m]))
            {
                month = m + 1;
                break;
            }
        }

        if (month == 0
            || !int.TryParse(s[4..6].Trim(' '), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(s[7..9], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(s[10..12], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || !int.TryParse(s[13..15], NumberStyles.None, CultureInfo.InvariantCulture, out var second)
            || day < 1 || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        for (var year = now.Year; year >= now.Year - 4; year--)
        {
            if (day > DateTime.DaysInMonth(year, month))
            {
                continue; // Feb 29 belongs to the last leap year
            }

            var candidate = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), TimeSpan.Zero);
            if (candidate <= now.AddDays(31))
            {
                time = candidate;
                return true;
            }
        }

        return false;
    }
}
