using System.Globalization;
using System.Text.Json.Nodes;
using TR069Acs.Cwmp;

namespace TR069Acs.Server.Tasks;

/// <summary>JSON shapes shared by task results.</summary>
internal static class TaskResults
{
    public static JsonArray Values(IEnumerable<ParameterValue> values)
        => new([.. values.Select(v => (JsonNode?)new JsonObject { ["name"] = v.Name, ["value"] = v.Value, ["type"] = v.Type })]);

    /// <summary>A CWMP time as ISO 8601, or null for the "unknown time" 0001-01-01T00:00:00Z TR-069 uses.</summary>
    public static JsonNode? Time(DateTimeOffset time)
        => time.Year <= 1 ? null : JsonValue.Create(time.ToString("O", CultureInfo.InvariantCulture));
}
