using System.Globalization;

namespace TR069Acs.Cwmp;

/// <summary>Text forms of the CWMP scalar types, shared by the reader and the writer.</summary>
internal static class CwmpValues
{
    // TR-069 A.2.2: a dateTime is written in UTC with "Z"; fractions only when there are any.
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Longest text <see cref="TryFormatDateTime"/> produces ("0001-01-01T00:00:00.0000000Z").</summary>
    public const int MaxDateTimeChars = 28;

    /// <summary>xsd:boolean, and the upper-case spellings some CPE stacks use.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> text, out bool value)
    {
        if (text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }
        value = false;
        return text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An ISO 8601 / xsd:dateTime value. No offset means UTC; the year 1 (TR-069 A.2.2's "unknown time",
    /// 0001-01-01T00:00:00Z) and an empty element read as <see cref="DateTimeOffset.MinValue"/>.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        // "0001-01-01T00:00:00+01:00" would fall before DateTimeOffset.MinValue; it means "unknown" all the same.
        if (text.Length == 0 || text.StartsWith("0001-01-01", StringComparison.Ordinal))
        {
            value = DateTimeOffset.MinValue;
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>Formats <paramref name="value"/> in UTC with a trailing "Z".</summary>
    public static bool TryFormatDateTime(DateTimeOffset value, Span<char> destination, out int written)
        => value.UtcDateTime.TryFormat(destination, out written, DateTimeFormat, CultureInfo.InvariantCulture);
}
