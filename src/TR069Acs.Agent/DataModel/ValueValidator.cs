using System.Globalization;

namespace TR069Acs.Agent.DataModel;

/// <summary>Checks a value sent by SetParameterValues against a parameter's type and rule, and gives its stored form.</summary>
internal static partial class ValueValidator
{
    // No TR-106 string is longer than 64 KiB; the bound keeps a hostile ACS from filling the phone's memory.
    private const int AbsoluteMaxLength = 65536;

    /// <summary>The unknown time of TR-069 A.2.2.</summary>
    public const string UnknownTime = "0001-01-01T00:00:00Z";

    /// <summary>True when an ACS may send <paramref name="xsiType"/> for a parameter of type <paramref name="type"/>.
    /// xsd:string (and an unknown type, which the codec keeps verbatim) is accepted for any parameter, as real CPEs do;
    /// integer types are interchangeable because the value's range is checked anyway.</summary>
    public static bool IsCompatible(ParameterType type, string xsiType)
    {
        if (!ParameterTypes.TryParse(xsiType, out var sent) || sent == ParameterType.String || sent == type)
        {
            return true;
        }
        return ParameterTypes.IsInteger(sent) && ParameterTypes.IsInteger(type);
    }

    /// <summary>Validates <paramref name="value"/> and returns the canonical text to store, or a reason a person can read.</summary>
    public static bool TryNormalize(ParameterDefinition definition, string value, out string normalized, out string reason)
    {
        normalized = value;
        reason = "";
        var rule = definition.Rule;
        switch (definition.Type)
        {
            case ParameterType.String:
                return CheckString(value, rule, out reason);
            case ParameterType.Boolean:
                return TryBoolean(value.Trim(), out normalized, out reason);
            case ParameterType.DateTime:
                return TryDateTime(value.Trim(), out normalized, out reason);
            case ParameterType.Base64:
                return TryBase64(value.Trim(), out normalized, out reason);
            default:
                return TryInteger(definition.Type, value.Trim(), rule, out normalized, out reason);
        }
    }

    private static bool CheckString(string value, ValueRule? rule, out string reason)
    {
        var max = Math.Min(rule?.MaxLength ?? AbsoluteMaxLength, AbsoluteMaxLength);
        if (value.Length > max)
        {
            reason = $"longer than {max} characters";
            return false;
        }
        if (rule?.Enumeration is { } allowed && !allowed.Contains(value, StringComparer.Ordinal))
        {
            reason = $"'{value}' is not one of {string.Join(", ", allowed)}";
            return false;
        }
        if (rule is { HttpUrl: true }
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            reason = $"'{value}' is not an absolute http or https URL";
            return false;
        }
        reason = "";
        return true;
    }

    private static bool TryBoolean(string value, out string normalized, out string reason)
    {
        // xsd:boolean: "true", "false", "1", "0".
        (normalized, reason) = value switch
        {
            "1" or "true" => ("true", ""),
            "0" or "false" => ("false", ""),
            _ => ("", $"'{value}' is not a boolean (true, false, 1 or 0)"),
        };
        return reason.Length == 0;
    }

    /// <summary>Checks an xsd:dateTime and keeps it as written: fractions of a second and the zone (<c>Z</c>, an offset,
    /// or none, which TR-069 reads as UTC) come back exactly in GetParameterValues, so an ACS that compares what it
    /// set with what it reads sees no change (TR-106 3.2.1 allows all of them).</summary>
    private static bool TryDateTime(string value, out string normalized, out string reason)
    {
        normalized = value;
        reason = "";
        if (!XsdDateTime().IsMatch(value))
        {
            reason = $"'{value}' is not an xsd:dateTime (YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm])";
            return false;
        }
        if (IsUnknownTime(value))
        {
            return true;   // TR-106 3.2.1: the unknown time, whatever zone it is written with
        }
        if (!TryParseTime(value, out _))
        {
            reason = $"'{value}' is not a valid date and time";
            return false;
        }
        return true;
    }

    /// <summary>True for the unknown time of TR-106 (<c>0001-01-01T00:00:00Z</c>, in any zone spelling).</summary>
    public static bool IsUnknownTime(string value) => value.StartsWith("0001-01-01T", StringComparison.Ordinal);

    /// <summary>Parses a stored xsd:dateTime; one without a zone is UTC (TR-106 3.2.1). Digits of a fraction beyond
    /// the 100 ns that <see cref="DateTimeOffset"/> holds are ignored.</summary>
    public static bool TryParseTime(string value, out DateTimeOffset time)
    {
        var text = value;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < value.Length && char.IsAsciiDigit(value[end]))
            {
                end++;
            }
            if (end - dot - 1 > 7)
            {
                text = string.Concat(value.AsSpan(0, dot + 8), value.AsSpan(end));
            }
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,12})?(Z|[+-]\d{2}:\d{2})?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex XsdDateTime();

    private static bool TryBase64(string value, out string normalized, out string reason)
    {
        normalized = value;
        reason = "";
        if (value.Length > AbsoluteMaxLength || !Convert.TryFromBase64String(value, new byte[value.Length], out _))
        {
            reason = "not base64 (or too long)";
            return false;
        }
        return true;
    }

    private static bool TryInteger(ParameterType type, string value, ValueRule? rule, out string normalized, out string reason)
    {
        normalized = "";
        reason = "";
        long number;
        switch (type)
        {
            case ParameterType.Int when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                number = i;
                break;
            case ParameterType.UnsignedInt when uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var u):
                number = u;
                break;
            case ParameterType.Long when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l):
                number = l;
                break;
            case ParameterType.UnsignedLong when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ul):
                // Ranges are expressed as long; an unsignedLong beyond long.MaxValue is only checked against its type.
                if (ul > long.MaxValue)
                {
                    normalized = ul.ToString(CultureInfo.InvariantCulture);
                    return true;
                }
                number = (long)ul;
                break;
            default:
                reason = $"'{value}' is not a valid {ParameterTypes.ToXsd(type)}";
                return false;
        }
        if (rule is not null && (number < rule.Min || number > rule.Max))
        {
            reason = $"{number} is outside [{rule.Min?.ToString(CultureInfo.InvariantCulture)}:{rule.Max?.ToString(CultureInfo.InvariantCulture)}]";
            return false;
        }
        normalized = number.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>The xsd:dateTime form the phone writes: UTC, seconds precision, "Z".</summary>
    public static string FormatTime(DateTimeOffset time)
        => time == DateTimeOffset.MinValue ? UnknownTime : time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
