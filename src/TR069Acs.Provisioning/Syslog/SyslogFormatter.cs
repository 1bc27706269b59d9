using System.Globalization;
using System.Text;

namespace TR069Acs.Provisioning.Syslog;

/// <summary>Writes syslog messages for UDP: RFC 3164 (what the phones send) and RFC 5424.</summary>
public static class SyslogFormatter
{
    /// <summary>RFC 3164 4.1: a packet must not exceed 1024 bytes.</summary>
    public const int MaxRfc3164Bytes = 1024;

    private static readonly string[] _months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// <c>&lt;PRI&gt;Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MESSAGE</c> (RFC 3164 4.1); HOSTNAME and TAG are left out when
    /// null. The timestamp is written in its own offset (RFC 3164 has no zone); line breaks in the text become
    /// spaces, and the result is cut to 1024 bytes on a character boundary.
    /// </summary>
    public static string FormatRfc3164(SyslogMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var time = message.Timestamp ?? DateTimeOffset.Now;
        var text = new StringBuilder(64 + message.Message.Length);
        text.Append('<').Append(message.Priority.ToString(CultureInfo.InvariantCulture)).Append('>');
        // RFC 3164 4.1.2: "Mmm dd hh:mm:ss", the day space-padded.
        text.Append(_months[time.Month - 1]).Append(' ')
            .Append(time.Day < 10 ? " " : "").Append(time.Day.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append(' ');
        if (!string.IsNullOrEmpty(message.Hostname))
        {
            text.Append(Token(message.Hostname)).Append(' ');
        }

        if (!string.IsNullOrEmpty(message.AppName))
        {
            text.Append(Token(message.AppName));
            if (!string.IsNullOrEmpty(message.ProcessId))
            {
                text.Append('[').Append(Token(message.ProcessId)).Append(']');
            }

            text.Append(": ");
        }

        text.Append(SingleLine(message.Message));
        return Truncate(text.ToString(), MaxRfc3164Bytes);
    }

    /// <summary><c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG</c> (RFC 5424 6), nil fields as <c>-</c>.</summary>
    public static string FormatRfc5424(SyslogMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var time = message.Timestamp?.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture) ?? "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"<{message.Priority}>1 {time} {Nil(message.Hostname, 255)} {Nil(message.AppName, 48)} {Nil(message.ProcessId, 128)} {Nil(message.MessageId, 32)} {message.StructuredData ?? "-"} {SingleLine(message.Message)}");
    }

    /// <summary>The UTF-8 bytes of <see cref="FormatRfc3164"/>, ready for a UDP datagram.</summary>
    public static byte[] ToRfc3164Bytes(SyslogMessage message) => Encoding.UTF8.GetBytes(FormatRfc3164(message));

    private static string Nil(string? value, int max) => string.IsNullOrEmpty(value) ? "-" : Token(value.Length > max ? value[..max] : value);

    // Header fields are single tokens of printable ASCII (RFC 5424 6: PRINTUSASCII).
    private static string Token(string value)
    {
        foreach (var c in value)
        {
            if (c is <= ' ' or > '~')
            {
                return string.Create(value.Length, value, static (span, v) =>
                {
                    for (var i = 0; i < v.Length; i++)
                    {
                        span[i] = v[i] is <= ' ' or > '~' ? '_' : v[i];
                    }
                });
            }
        }

        return value;
    }

    private static string SingleLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ')
            : text;

    private static string Truncate(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        int bytes = 0, length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return text[..length];
    }
}
