using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Api;

/// <summary>Reads the JSON bodies of the user, token and login endpoints; every error names the member.</summary>
internal static class OperatorBodies
{
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, string example, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, documentOptions: ApiJson.Document, cancellationToken: cancellationToken) as JsonObject
                ?? throw new ConfigValidationException("body", $"The body must be a JSON object such as {example}.");
        }
        catch (JsonException ex)
        {
            throw new ConfigValidationException("body", $"The body is not JSON ({ex.Message}); expected {example}.");
        }
    }

    public static string? String(JsonObject body, string name)
        => body[name] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw new ConfigValidationException(name, $"'{name}' must be a string."),
        };

    /// <summary>Reads <c>scope</c>: absent (<paramref name="present"/> false), null (every device) or <c>{"tags":[…]}</c>.</summary>
    public static IReadOnlyList<string>? Scope(JsonObject body, out bool present)
    {
        present = body.ContainsKey("scope");
        if (body["scope"] is null)
        {
            return null;
        }
        if (body["scope"] is not JsonObject scope || scope["tags"] is not JsonArray tags)
        {
            throw new ConfigValidationException("scope", "'scope' must be {\"tags\":[\"tag\",…]} (devices carrying one of the tags), or null for every device.");
        }
        var list = new List<string>();
        for (var i = 0; i < tags.Count; i++)
        {
            list.Add(tags[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw new ConfigValidationException($"scope.tags[{i}]", $"'scope.tags[{i}]' must be a string."));
        }
        return list;
    }

    public static DateTimeOffset? Time(JsonObject body, string name)
    {
        var text = String(body, name);
        return text is null ? null
            : DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw new ConfigValidationException(name, $"'{name}' must be an ISO 8601 time such as 2027-01-31T00:00:00Z, got '{text}'.");
    }
}
