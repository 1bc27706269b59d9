using System.Text.Json.Nodes;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Api.Models;

/// <summary>A task as the API shows it.</summary>
internal sealed record TaskInfo(
    long Id,
    string DeviceId,
    string Type,
    string Status,
    int Attempts,
    string? CommandKey,
    JsonNode? Payload,
    JsonNode? Result,
    int? FaultCode,
    string? FaultMessage,
    string? LastError,
    JsonNode? ConnectionRequest,
    DateTimeOffset Created,
    DateTimeOffset? Sent,
    DateTimeOffset? Completed,
    DateTimeOffset Expires)
{
    public static TaskInfo From(TaskRow t) => new(t.Id, t.DeviceId, t.Type, t.Status, t.Attempts, t.CommandKey,
        Redact(JsonNode.Parse(t.Payload)), t.Result is null ? null : JsonNode.Parse(t.Result), t.FaultCode, t.FaultMessage, t.LastError,
        t.ConnectionRequest is null ? null : JsonNode.Parse(t.ConnectionRequest),
        ApiTime.From(t.Created), ApiTime.From(t.Sent), ApiTime.From(t.Completed), ApiTime.From(t.Expires));

    // Transfer passwords and password parameters are needed on the wire, not in API listings.
    private static JsonNode? Redact(JsonNode? payload)
    {
        if (payload is not JsonObject o)
        {
            return payload;
        }
        if (o["password"] is JsonValue p && p.ToString().Length > 0)
        {
            o["password"] = Secrets.Mask;
        }
        if (o["parameterValues"] is JsonArray values)
        {
            foreach (var value in values.OfType<JsonObject>())
            {
                var name = (string?)value["name"] ?? "";
                value["value"] = Secrets.MaskIfSecret(name, (string?)value["value"]);
            }
        }
        return payload;
    }
}
