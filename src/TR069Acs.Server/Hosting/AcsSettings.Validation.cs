using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace TR069Acs.Server.Hosting;

public static partial class AcsSettings
{
    /// <summary>Checks every <c>Acs:*</c> key and value of <paramref name="configuration"/> (appsettings.json, environment,
    /// command line) before anything binds: an unknown key is named with the nearest known one, a value that is not what
    /// its setting holds is named with what it must be. Returns one line per problem; empty when all is well.</summary>
    public static IReadOnlyList<string> Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var byKey = All.ToDictionary(s => s.Key, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (key, value) in configuration.GetSection(AcsOptions.SectionName).AsEnumerable())
        {
            if (value is null)
            {
                continue; // a section: its children are checked
            }
            if (byKey.TryGetValue(key, out var setting))
            {
                if (setting.HasChildren)
                {
                    // "Acs:X = text" for a list binds nothing; an empty value means "no items".
                    if (value.Length > 0)
                    {
                        problems.Add($"{setting.Key} is a list: give its items as {setting.Key}:0, {setting.Key}:1 … (in appsettings.json, a JSON array).");
                    }
                    continue;
                }
                if (ValueProblem(setting.Key, setting.ValueType, value) is { } problem)
                {
                    problems.Add(problem);
                }
                continue;
            }
            var parent = All.FirstOrDefault(s => s.HasChildren && key.StartsWith(s.Key + ":", StringComparison.OrdinalIgnoreCase));
            if (parent is not null)
            {
                if (ValueProblem(key, parent.ValueType, value) is { } problem)
                {
                    problems.Add(problem);
                }
                continue;
            }
            var nearest = Nearest(key, All.Select(s => s.Key));
            problems.Add(nearest is null
                ? $"{key} is not a setting of the ACS (acs settings lists them all)."
                : $"{key} is not a setting of the ACS; did you mean {nearest}? (acs settings lists them all)");
        }
        return problems;
    }

    /// <summary>The candidate closest to <paramref name="text"/> (case-insensitive edit distance), or null when none is
    /// close enough to be a likely typo.</summary>
    public static string? Nearest(string text, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(text.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }
        // A third of the name may be wrong (CwmpPrt, bogus-flag → no guess); at least two edits always count as close.
        return best is not null && bestDistance <= Math.Max(2, text.Length / 3) ? best : null;
    }

    private static string? ValueProblem(string key, Type type, string value)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.Length == 0 && (underlying is not null || type == typeof(string)))
        {
            return null;
        }
        var target = underlying ?? type;
        var text = value.Trim();
        var ok = target switch
        {
            _ when target.IsEnum => Enum.TryParse(target, text, ignoreCase: true, out var parsed) && Enum.IsDefined(target, parsed!)
                                    && !char.IsAsciiDigit(text.FirstOrDefault()) && text.FirstOrDefault() != '-',
            _ when target == typeof(bool) => bool.TryParse(text, out _),
            _ when target == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when target == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when target == typeof(short) => short.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
            _ when target == typeof(double) || target == typeof(float) || target == typeof(decimal)
                => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            _ when target == typeof(TimeSpan) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _),
            _ when target == typeof(Uri) => Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _),
            _ => true,
        };
        if (ok)
        {
            return null;
        }
        return $"{key} must be {KindOf(target)}, got '{value}'.";
    }

    // Levenshtein distance, two rows.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
