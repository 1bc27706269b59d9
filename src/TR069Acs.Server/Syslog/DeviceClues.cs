namespace TR069Acs.Server.Syslog;

/// <summary>
/// Finds MACs and serial-number candidates in a message, in the order they are trusted: the host field (where the
/// phones put <c>Syslog_Identifier</c>: <c>$MA</c>, <c>$MAU</c>, <c>$MAC</c> or <c>$SN</c>), the app name, then the
/// text (the default <c>Log_*_Msg</c> templates start with <c>$PN $MAC</c>) and RFC 5424 structured data.
/// A malformed datagram is searched as raw text.
/// </summary>
internal static class DeviceClues
{
    /// <summary>Bounds the database lookups one message can cause.</summary>
    private const int MaxCluesPerMessage = 24;

    private const int MinSerialLength = 4;
    private const int MaxSerialLength = 40;

    public static List<DeviceClue> Of(ReceivedSyslogMessage received)
    {
        var clues = new List<DeviceClue>();
        if (received.Message is { } message)
        {
            Add(clues, message.Hostname);
            Add(clues, message.AppName);
            Add(clues, message.Message);
            Add(clues, message.StructuredData);
        }
        else
        {
            Add(clues, received.Raw);
        }
        return clues;
    }

    private static void Add(List<DeviceClue> clues, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        foreach (var mac in Macs(text))
        {
            Add(clues, new DeviceClue(true, mac));
        }
        foreach (var word in SerialCandidates(text))
        {
            Add(clues, new DeviceClue(false, word));
        }
    }

    private static void Add(List<DeviceClue> clues, DeviceClue clue)
    {
        if (clues.Count < MaxCluesPerMessage && !clues.Contains(clue))
        {
            clues.Add(clue);
        }
    }

    /// <summary>
    /// Every MAC in <paramref name="text"/>, normalised: six pairs separated by ':' or '-' (<c>00:0e:08:ab:cd:ef</c>),
    /// three dotted quads (<c>000e.08ab.cdef</c>), or a run of 12 to 16 hex digits whose last 12 are taken, as in
    /// file names (<c>spa000e08abcdef.cfg</c>: the prefix may end in hex letters). Longer runs (hashes) are not MACs.
    /// </summary>
    public static IEnumerable<string> Macs(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiHexDigit(text[i]) || (i > 0 && char.IsAsciiHexDigit(text[i - 1])))
            {
                continue;
            }
            if (Separated(text, i, ':', out var mac, out var end) || Separated(text, i, '-', out mac, out end) || Dotted(text, i, out mac, out end))
            {
                yield return mac;
                i = end - 1;
                continue;
            }
            end = i;
            while (end < text.Length && char.IsAsciiHexDigit(text[end]))
            {
                end++;
            }
            if (end - i is >= 12 and <= 16)
            {
                yield return text[(end - 12)..end].ToLowerInvariant();
            }
            i = end - 1;
        }
    }

    private static bool Separated(string text, int start, char separator, out string mac, out int end)
    {
        mac = "";
        end = start;
        // A pair inside a longer chain (an IPv6 address, a 7-pair EUI) is not a MAC.
        if (start > 0 && text[start - 1] == separator)
        {
            return false;
        }
        Span<char> digits = stackalloc char[12];
        var i = start;
        for (var pair = 0; pair < 6; pair++)
        {
            if (pair > 0)
            {
                if (i >= text.Length || text[i] != separator)
                {
                    return false;
                }
                i++;
            }
            if (i + 1 >= text.Length || !char.IsAsciiHexDigit(text[i]) || !char.IsAsciiHexDigit(text[i + 1]))
            {
                return false;
            }
            digits[pair * 2] = char.ToLowerInvariant(text[i]);
            digits[(pair * 2) + 1] = char.ToLowerInvariant(text[i + 1]);
            i += 2;
        }
        if (i < text.Length && (char.IsAsciiHexDigit(text[i]) || (text[i] == separator && i + 1 < text.Length && char.IsAsciiHexDigit(text[i + 1]))))
        {
            return false;
        }
        mac = new string(digits);
        end = i;
        return true;
    }

    // Cisco IOS spelling: 000e.08ab.cdef.
    private static bool Dotted(string text, int start, out string mac, out int end)
    {
        mac = "";
        end = start;
        if (start > 0 && text[start - 1] == '.')
        {
            return false;
        }
        var i = start;
        for (var quad = 0; quad < 3; quad++)
        {
            if (quad > 0)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }
                i++;
            }
            for (var d = 0; d < 4; d++, i++)
            {
                if (i >= text.Length || !char.IsAsciiHexDigit(text[i]))
                {
                    return false;
                }
            }
        }
        if (i < text.Length && (char.IsAsciiHexDigit(text[i]) || (text[i] == '.' && i + 1 < text.Length && char.IsAsciiHexDigit(text[i + 1]))))
        {
            return false;
        }
        mac = text[start..i].Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
        end = i;
        return true;
    }

    /// <summary>Words that could be a serial number (<c>FCH2001A0A1</c>): letters and digits (with <c>-</c>, <c>_</c>,
    /// <c>.</c> inside), both present, 4 to 40 characters.</summary>
    public static IEnumerable<string> SerialCandidates(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '_' or '.');
            if (inWord)
            {
                if (start < 0)
                {
                    start = i;
                }
                continue;
            }
            if (start >= 0)
            {
                var word = text.AsSpan(start, i - start).Trim("-_.");
                if (word.Length is >= MinSerialLength and <= MaxSerialLength && word.ContainsAnyInRange('0', '9') && ContainsLetter(word))
                {
                    yield return word.ToString();
                }
                start = -1;
            }
        }
    }

    private static bool ContainsLetter(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (char.IsAsciiLetter(c))
            {
                return true;
            }
        }
        return false;
    }
}
