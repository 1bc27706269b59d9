using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Server.Tasks;

/// <summary>Typed access to a task request's JSON members; every refusal names the member and what was expected.</summary>
internal sealed class TaskBody(JsonObject json, ITaskParameterTranslator translator, TaskTranslationContext device)
{
    public JsonObject Json { get; } = json;

    public string RequiredString(string name)
        => OptionalString(name) is { Length: > 0 } value ? value : throw new TaskValidationException(name, $"'{name}' is required (a non-empty string).");

    public string? OptionalString(string name) => String(Json[name], name);

    public IReadOnlyList<string> RequiredStringArray(string name)
    {
        if (Json[name] is not JsonArray array || array.Count == 0)
        {
            throw new TaskValidationException(name, $"'{name}' is required (a non-empty array of strings).");
        }
        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            result.Add(String(array[i], $"{name}[{i}]") ?? throw new TaskValidationException($"{name}[{i}]", $"'{name}[{i}]' must be a string."));
        }
        return result;
    }

    public JsonArray RequiredObjectArray(string name)
        => Json[name] is JsonArray { Count: > 0 } array && array.All(e => e is JsonObject)
            ? array
            : throw new TaskValidationException(name, $"'{name}' is required (a non-empty array of objects).");

    public long? OptionalInteger(string name, long min, long max) => Integer(Json[name], name, min, max);

    public bool? OptionalBool(string name) => Bool(Json[name], name);

    /// <summary>A parameter name or path for the device, through the translator.</summary>
    public string Path(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new TaskValidationException(field, $"'{field}' must be a non-empty parameter name.");
        }
        if (!translator.TryTranslate(device, value.Trim(), out var path, out var error))
        {
            throw new TaskValidationException(field, error ?? $"'{value}' is not a parameter of this device.");
        }
        return path;
    }

    public static string? String(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new TaskValidationException(field, $"'{field}' must be a string."),
    };

    public static long? Integer(JsonNode? node, string field, long min, long max)
    {
        if (node is null || (node is JsonValue n && n.GetValueKind() == JsonValueKind.Null))
        {
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var number)
            && number >= min && number <= max)
        {
            return number;
        }
        throw new TaskValidationException(field, $"'{field}' must be a whole number from {min} to {max}.");
    }

    public static bool? Bool(JsonNode? node, string field) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        _ => throw new TaskValidationException(field, $"'{field}' must be true or false."),
    };
}
