using System.Globalization;

namespace TR069Acs.Provisioning.Tftp;

/// <summary>Look-ups and numeric parsing of RFC 2347 option values, shared by the client and the server.</summary>
public static class TftpOptionList
{
    // 20 digits already exceed long.MaxValue; longer values are hostile, not large files.
    private const int MaxDigits = 19;

    /// <summary>The value of the named option (case-insensitive), or null.</summary>
    public static string? Find(IReadOnlyList<TftpOption> options, string name)
    {
        foreach (var option in options)
        {
            if (option.Is(name))
            {
                return option.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Parses an option value as a non-negative decimal integer in [<paramref name="min"/>, <paramref name="max"/>].
    /// Only ASCII digits are accepted: no sign, no blanks, no exponent.
    /// </summary>
    /// <returns>null when valid, otherwise a sentence naming the problem.</returns>
    public static string? TryParseNumber(string name, string value, long min, long max, out long result)
    {
        result = 0;
        if (value.Length == 0)
        {
            return $"option '{name}' has an empty value";
        }

        if (value.Length > MaxDigits || !value.All(char.IsAsciiDigit))
        {
            return $"option '{name}' value '{Shorten(value)}' is not a decimal number";
        }

        result = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (result < min || result > max)
        {
            return $"option '{name}' value {result} is outside {min}–{max}";
        }

        return null;
    }

    private static string Shorten(string value) => value.Length <= 24 ? value : string.Concat(value.AsSpan(0, 24), "…");
}
