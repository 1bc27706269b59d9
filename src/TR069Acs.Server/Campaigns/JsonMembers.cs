using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Server.Campaigns;

/// <summary>Typed reads of request members whose errors name the member's path.</summary>
internal static class JsonMembers
{
    public static JsonObject? Object(JsonObject parent, string name, string path)
        => parent[name] switch
        {
            null => null,
            JsonObject o => o,
            _ => throw new CampaignValidationException(path, $"'{path}' must be a JSON object."),
        };

    public static string? String(JsonObject parent, string name, string path)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }
        throw new CampaignValidationException(path, $"'{path}' must be a string.");
    }

    public static long? Integer(JsonObject parent, string name, string path, long min, long max)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) && n >= min && n <= max)
        {
            return n;
        }
        throw new CampaignValidationException(path, $"'{path}' must be a whole number from {min} to {max}, got {node.ToJsonString()}.");
    }

    public static double? Number(JsonObject parent, string name, string path, double min, double max)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var n) && n >= min && n <= max)
        {
            return n;
        }
        throw new CampaignValidationException(path, $"'{path}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got {node.ToJsonString()}.");
    }

    public static bool? Boolean(JsonObject parent, string name, string path)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        return node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw new CampaignValidationException(path, $"'{path}' must be true or false.");
    }

    public static DateTimeOffset? Time(JsonObject parent, string name, string path)
    {
        var text = String(parent, name, path);
        if (text is null)
        {
            return null;
        }
        // An instant, never a local time: the offset (or Z) is required.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && HasOffset(text)
            ? time.ToUniversalTime()
            : throw new CampaignValidationException(path, $"'{path}' must be an ISO 8601 time with an offset, e.g. 2026-11-23T10:00:00Z; got '{text}'.");
    }

    /// <summary>A list of distinct, non-empty strings of at most <paramref name="maxLength"/> characters.</summary>
    public static IReadOnlyList<string>? Strings(JsonObject parent, string name, string path, int maxLength, int maxCount)
    {
        var node = parent[name];
        if (node is null)
        {
            return null;
        }
        if (node is not JsonArray array)
        {
            throw new CampaignValidationException(path, $"'{path}' must be an array of strings.");
        }
        if (array.Count == 0 || array.Count > maxCount)
        {
            throw new CampaignValidationException(path, $"'{path}' must list 1 to {maxCount} entries (leave it out or null to not filter), got {array.Count}.");
        }
        var result = new List<string>(array.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : null;
            if (string.IsNullOrEmpty(item) || item.Length > maxLength)
            {
                throw new CampaignValidationException($"{path}[{i}]", $"'{path}[{i}]' must be a non-empty string of at most {maxLength} characters.");
            }
            if (seen.Add(item))
            {
                result.Add(item);
            }
        }
        return result;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t < 0)
        {
            return false;
        }
        var time = text.AsSpan(t + 1);
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') >= 0;
    }
}
