using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using TR069Acs.Provisioning.Conditions;
using TR069Acs.Provisioning.Firmware;
using TR069Acs.Provisioning.Intervals;
using TR069Acs.Provisioning.Rules;

namespace TR069Acs.Provisioning.Catalogue;

/// <summary>
/// Syntax and range of a flat parameter's value. <see cref="TryNormalize"/> both validates and returns the form the
/// phone stores (<c>yes</c> → <c>Yes</c>, <c>007</c> → <c>7</c>), so that equal settings compare equal.
/// </summary>
public sealed class ValueRule
{
    private readonly string[] _values;

    /// <summary>Creates a rule; <paramref name="values"/> is required for <see cref="ParameterType.Enumeration"/>.</summary>
    public ValueRule(ParameterType type, long? min = null, long? max = null, int? maxLength = null, IReadOnlyList<string>? values = null)
    {
        if (type == ParameterType.Enumeration && (values is null || values.Count == 0))
        {
            throw new ArgumentException("an enumeration needs values", nameof(values));
        }

        if (min > max)
        {
            throw new ArgumentException($"min {min} is above max {max}", nameof(min));
        }

        Type = type;
        Min = min;
        Max = max;
        MaxLength = maxLength;
        _values = values?.ToArray() ?? [];
    }

    /// <summary>The value syntax.</summary>
    public ParameterType Type { get; }

    /// <summary>Smallest integer allowed (<see cref="ParameterType.Integer"/>, <see cref="ParameterType.IntegerList"/>).</summary>
    public long? Min { get; }

    /// <summary>Largest integer allowed (<see cref="ParameterType.Integer"/>, <see cref="ParameterType.IntegerList"/>).</summary>
    public long? Max { get; }

    /// <summary>Longest value in characters, if limited.</summary>
    public int? MaxLength { get; }

    /// <summary>The allowed values of an enumeration, in their canonical spelling.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Validates <paramref name="value"/> and returns the form the phone stores.</summary>
    /// <param name="value">The value, already trimmed as a flat profile does.</param>
    /// <param name="normalized">The value to store when valid.</param>
    /// <param name="error">Why the value is refused, phrased for an operator.</param>
    public bool TryNormalize(string value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        normalized = null;
        if (MaxLength is int maxLength && value.Length > maxLength)
        {
            error = $"longer than {maxLength} characters";
            return false;
        }

        if (HasControlCharacters(value))
        {
            error = "contains control characters (only tab and line breaks are allowed)";
            return false;
        }

        error = Type switch
        {
            ParameterType.String => null,
            ParameterType.Boolean => CheckBoolean(value, out normalized),
            ParameterType.Integer => CheckInteger(value, out normalized),
            ParameterType.Enumeration => CheckEnumeration(value, out normalized),
            ParameterType.Interval => CheckInterval(value, out normalized),
            ParameterType.HourMinute => value.Length == 0 || DailyResyncTime.TryParse(value, out _) ? null
                : "expected a time HHmm from 0000 to 2400",
            ParameterType.Version => value.Length == 0 || FirmwareVersion.TryParse(value, out _) ? null
                : "expected a firmware version such as 11.0.1 or sip88xx.11-0-1",
            ParameterType.IntegerList => CheckIntegerList(value),
            ParameterType.Rule => value.Length == 0 || ProvisioningRule.TryParse(value, out _, out var ruleError) ? null
                : ruleError!.Message,
            ParameterType.Condition => value.Length == 0 || Condition.TryParse(value, out _, out var conditionError) ? null
                : conditionError!.Message,
            ParameterType.HostPort => value.Length == 0 || HostPort.TryParse(value, out _) ? null
                : "expected host or host:port (port 1-65535)",
            ParameterType.Url => CheckUrl(value),
            _ => "unsupported parameter type",
        };
        if (error is not null)
        {
            normalized = null;
            return false;
        }

        normalized ??= value;
        return true;
    }

    // XML 1.0 2.2 cannot carry other C0 controls or U+FFFE/U+FFFF, so such values could never be exported.
    private static bool HasControlCharacters(string value)
    {
        foreach (var c in value)
        {
            if ((c < ' ' && c is not ('\t' or '\r' or '\n')) || c is '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }

    private static string? CheckBoolean(string value, out string? normalized)
    {
        normalized = value.Equals("Yes", StringComparison.OrdinalIgnoreCase) ? "Yes"
            : value.Equals("No", StringComparison.OrdinalIgnoreCase) ? "No"
            : null;
        return normalized is null ? "expected Yes or No" : null;
    }

    private string? CheckInteger(string value, out string? normalized)
    {
        normalized = null;
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return "expected an integer" + RangeText();
        }

        if (number < Min || number > Max)
        {
            return $"{number} is out of range{RangeText()}";
        }

        normalized = number.ToString(CultureInfo.InvariantCulture);
        if (normalized == value)
        {
            normalized = value; // keep the caller's instance: no new string per apply on the common path
        }

        return null;
    }

    private string RangeText() => (Min, Max) switch
    {
        (long min, long max) => $" ({min}-{max})",
        (long min, null) => $" (at least {min})",
        (null, long max) => $" (at most {max})",
        _ => "",
    };

    private string? CheckEnumeration(string value, out string? normalized)
    {
        foreach (var allowed in _values)
        {
            if (allowed.Equals(value, StringComparison.Ordinal))
            {
                normalized = allowed;
                return null;
            }
        }

        foreach (var allowed in _values)
        {
            if (allowed.Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                normalized = allowed;
                return null;
            }
        }

        normalized = null;
        return "expected one of: " + string.Join(", ", _values);
    }

    private static string? CheckInterval(string value, out string? normalized)
    {
        normalized = null;
        if (!ResyncInterval.TryParse(value, out var interval, out var error))
        {
            return error;
        }

        var canonical = interval.ToString();
        normalized = canonical == value ? value : canonical;
        return null;
    }

    private string? CheckIntegerList(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        foreach (var range in value.AsSpan().Split(','))
        {
            var item = value.AsSpan(range).Trim();
            if (!long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return $"'{item}' is not an integer (expected a comma-separated list)";
            }

            if (number < Min || number > Max)
            {
                return $"{number} is out of range{RangeText()}";
            }
        }

        return null;
    }

    private static string? CheckUrl(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : "expected an absolute http:// or https:// URL";
    }
}
