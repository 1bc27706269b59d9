using System.Diagnostics.CodeAnalysis;

namespace TR069Acs.Server.Configuration;

/// <summary>MAC addresses as the provisioning server compares them: 12 lower-case hex digits, whatever spelling the
/// operator, the file name or the Inform used (<c>00:56:2B:04:DD:5B</c>, <c>00-56-2b-04-dd-5b</c>, <c>00562B04DD5B</c>).</summary>
internal static class MacAddress
{
    /// <summary>Normalises a whole string that is a MAC in one of the usual spellings.</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? mac)
    {
        mac = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var found = Find(text.Trim());
        if (found is null || found.Value.Length != text.Trim().Length)
        {
            return false;
        }
        mac = found.Value.Mac;
        return true;
    }

    /// <summary>The first MAC inside <paramref name="text"/> (a file name such as <c>spa00562b04dd5b.cfg</c>): six pairs
    /// separated by one ':' or '-' each, or a run of 12 to 16 hex digits, whose last 12 are taken: the Cisco file
    /// names put the MAC after a prefix that may end in hex letters (<c>spa$MA.cfg</c> reads <c>a00562b04dd5b</c>).
    /// Longer hex runs (hashes) are not MACs.</summary>
    public static string? FindIn(string text)
    {
        if (Find(text) is { } separated)
        {
            return separated.Mac;
        }
        for (var start = 0; start < text.Length; start++)
        {
            if (!char.IsAsciiHexDigit(text[start]) || (start > 0 && char.IsAsciiHexDigit(text[start - 1])))
            {
                continue;
            }
            var end = start;
            while (end < text.Length && char.IsAsciiHexDigit(text[end]))
            {
                end++;
            }
            if (end - start is >= 12 and <= 16)
            {
                return text[(end - 12)..end].ToLowerInvariant();
            }
            start = end;
        }
        return null;
    }

    private static (string Mac, int Length)? Find(string text)
    {
        for (var start = 0; start < text.Length; start++)
        {
            if (!char.IsAsciiHexDigit(text[start]) || (start > 0 && char.IsAsciiHexDigit(text[start - 1])))
            {
                continue;
            }
            if (TryRun(text, start, separator: null, out var mac, out var length)
                || TryRun(text, start, ':', out mac, out length)
                || TryRun(text, start, '-', out mac, out length))
            {
                return (mac, length);
            }
        }
        return null;
    }

    private static bool TryRun(string text, int start, char? separator, [NotNullWhen(true)] out string? mac, out int length)
    {
        mac = null;
        Span<char> digits = stackalloc char[12];
        var i = start;
        for (var pair = 0; pair < 6; pair++)
        {
            if (pair > 0 && separator is char s)
            {
                if (i >= text.Length || text[i] != s)
                {
                    length = 0;
                    return false;
                }
                i++;
            }
            if (i + 1 >= text.Length || !char.IsAsciiHexDigit(text[i]) || !char.IsAsciiHexDigit(text[i + 1]))
            {
                length = 0;
                return false;
            }
            digits[pair * 2] = char.ToLowerInvariant(text[i]);
            digits[(pair * 2) + 1] = char.ToLowerInvariant(text[i + 1]);
            i += 2;
        }
        // A longer hex run (a 16-digit serial, a hash) is not a MAC.
        if (i < text.Length && char.IsAsciiHexDigit(text[i]))
        {
            length = 0;
            return false;
        }
        length = i - start;
        mac = new string(digits);
        return true;
    }
}
