using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TR069Acs.Provisioning.Firmware;

/// <summary>
/// A firmware version as phones write it, compared by its numbers: <c>11.0.1</c>, <c>11-0-1</c>,
/// <c>sip88xx.11-0-1</c> (the 3PCC <c>$SWVER</c>: a load name prefix, then dashes), <c>11-2-3MSR1-1</c>,
/// <c>7.5.5(b)</c>. The numeric components compare numerically (missing ones count as 0), then the suffix after
/// them compares naturally (digit runs as numbers); a version with a suffix is later than the same numbers without
/// one (<c>11.2.3MSR1</c> &gt; <c>11.2.3</c>). The load name prefix is ignored, so <c>sip88xx.11-0-1</c> equals
/// <c>11.0.1</c>. Used by <c>Downgrade_Rev_Limit</c> and by conditions on <c>$SWVER</c>.
/// </summary>
public sealed class FirmwareVersion : IComparable<FirmwareVersion>, IEquatable<FirmwareVersion>
{
    private const int MaxComponents = 8;
    private const int MaxLength = 128;

    private readonly long[] _numbers;

    private FirmwareVersion(string text, string prefix, long[] numbers, string suffix)
    {
        Text = text;
        Prefix = prefix;
        _numbers = numbers;
        Suffix = suffix;
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    /// <summary>The load name before the version (<c>sip88xx</c>), or empty.</summary>
    public string Prefix { get; }

    /// <summary>The numeric components (<c>11-2-3MSR1-1</c> → 11, 2, 3).</summary>
    public IReadOnlyList<long> Numbers => _numbers;

    /// <summary>What follows the numbers (<c>MSR1-1</c>, <c>(b)</c>), or empty.</summary>
    public string Suffix { get; }

    /// <summary>Parses a version; see the type remarks for the accepted forms.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FirmwareVersion? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var prefix = ReadOnlySpan<char>.Empty;
        if (char.IsAsciiLetter(span[0]))
        {
            if (span.Length > 1 && (span[0] is 'v' or 'V') && char.IsAsciiDigit(span[1]))
            {
                span = span[1..]; // v11.0.1
            }
            else
            {
                // sip88xx.11-0-1: the load name runs to the first '.' that is followed by a digit.
                var dot = -1;
                for (var i = 0; i < span.Length - 1; i++)
                {
                    if (span[i] == '.' && char.IsAsciiDigit(span[i + 1]))
                    {
                        dot = i;
                        break;
                    }
                }

                if (dot < 0)
                {
                    return false;
                }

                prefix = span[..dot];
                span = span[(dot + 1)..];
            }
        }

        var numbers = new List<long>(4);
        var position = 0;
        while (position < span.Length && char.IsAsciiDigit(span[position]))
        {
            var start = position;
            while (position < span.Length && char.IsAsciiDigit(span[position]))
            {
                position++;
            }

            if (position - start > 18 || numbers.Count == MaxComponents)
            {
                return false;
            }

            numbers.Add(long.Parse(span[start..position], NumberStyles.None, CultureInfo.InvariantCulture));
            if (position + 1 < span.Length && span[position] is '.' or '-' && char.IsAsciiDigit(span[position + 1]))
            {
                position++;
            }
            else
            {
                break;
            }
        }

        if (numbers.Count == 0)
        {
            return false;
        }

        var suffix = span[position..];
        foreach (var c in suffix)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '(' or ')'))
            {
                return false;
            }
        }

        version = new FirmwareVersion(text, prefix.ToString(), [.. numbers], suffix.ToString());
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> naming the text.</summary>
    public static FirmwareVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a firmware version such as 11.0.1 or sip88xx.11-0-1");

    /// <summary>Compares two version texts; <see cref="FormatException"/> if either is not a version.</summary>
    public static int Compare(string left, string right) => Parse(left).CompareTo(Parse(right));

    /// <summary>
    /// The <c>Downgrade_Rev_Limit</c> check: an image may be installed only when its version is at least the limit.
    /// An empty limit allows everything; a limit that is not a version blocks nothing (the phone ignores it).
    /// </summary>
    public static bool IsAllowedByDowngradeLimit(FirmwareVersion candidate, string? limit)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return string.IsNullOrWhiteSpace(limit) || !TryParse(limit, out var floor) || candidate.CompareTo(floor) >= 0;
    }

    /// <inheritdoc />
    public int CompareTo(FirmwareVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var count = Math.Max(_numbers.Length, other._numbers.Length);
        for (var i = 0; i < count; i++)
        {
            var a = i < _numbers.Length ? _numbers[i] : 0;
            var b = i < other._numbers.Length ? other._numbers[i] : 0;
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return NaturalCompare(Suffix, other.Suffix);
    }

    /// <inheritdoc />
    public bool Equals(FirmwareVersion? other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FirmwareVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        var significant = _numbers.Length;
        while (significant > 0 && _numbers[significant - 1] == 0)
        {
            significant--;
        }

        for (var i = 0; i < significant; i++)
        {
            hash.Add(_numbers[i]);
        }

        hash.Add(Suffix, StringComparer.OrdinalIgnoreCase);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Less than.</summary>
    public static bool operator <(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) < 0;

    /// <summary>Greater than.</summary>
    public static bool operator >(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) > 0;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(FirmwareVersion left, FirmwareVersion right) => left.CompareTo(right) >= 0;

    // Digit runs compare as numbers, other runs ordinally ignoring case; an empty suffix sorts first.
    internal static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }

                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }

                var x = a.AsSpan(si, i - si).TrimStart('0');
                var y = b.AsSpan(sj, j - sj).TrimStart('0');
                if (x.Length != y.Length)
                {
                    return x.Length.CompareTo(y.Length);
                }

                var c = x.SequenceCompareTo(y);
                if (c != 0)
                {
                    return Math.Sign(c);
                }

                continue;
            }

            var ci = char.ToUpperInvariant(a[i]);
            var cj = char.ToUpperInvariant(b[j]);
            if (ci != cj)
            {
                return ci.CompareTo(cj);
            }

            i++;
            j++;
        }

        return (a.Length - i).CompareTo(b.Length - j);
    }
}
