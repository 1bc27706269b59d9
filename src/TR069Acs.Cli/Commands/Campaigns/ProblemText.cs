using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>Turns an error answer into text: the RFC 7807 problem's detail (or title) and, for a validation problem,
/// each field with its messages. A body that is not a problem is shown as it came, shortened.</summary>
internal static class ProblemText
{
    private const int MaxRawLength = 500;

    public static string Format(int status, string? reason, string body)
    {
        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (problem is null)
        {
            var raw = body.Trim();
            return raw.Length == 0
                ? $"the ACS answered {status} {reason}"
                : $"the ACS answered {status} {reason}: {(raw.Length > MaxRawLength ? raw[..MaxRawLength] + "…" : raw)}";
        }
        var text = new StringBuilder(Text(problem["detail"]) ?? Text(problem["title"]) ?? $"the ACS answered {status} {reason}");
        if (problem["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                var list = messages is JsonArray array ? array.Select(Text).OfType<string>() : [Text(messages) ?? ""];
                foreach (var message in list)
                {
                    // The detail often repeats the only field's message; say it once.
                    if (message != Text(problem["detail"]))
                    {
                        text.Append('\n').Append("  ").Append(field).Append(": ").Append(message);
                    }
                }
            }
        }
        return text.ToString();
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
