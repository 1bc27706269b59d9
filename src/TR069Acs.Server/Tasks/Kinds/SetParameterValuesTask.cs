using System.Text.Json;
using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"setParameterValues","parameterValues":[{"name":…,"value":…,"type":"xsd:string"}],"parameterKey":…}</c>.
/// On success the values are stored; Connection Request credentials set this way are used for later requests.</summary>
internal sealed class SetParameterValuesTask : TaskKind
{
    private const string UsernameSuffix = ".ManagementServer.ConnectionRequestUsername";
    private const string PasswordSuffix = ".ManagementServer.ConnectionRequestPassword";

    public override string Name => "setParameterValues";

    public override Type ResponseType => typeof(SetParameterValuesResponse);

    public override JsonObject Parse(TaskBody body)
    {
        var input = body.RequiredObjectArray("parameterValues");
        var values = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < input.Count; i++)
        {
            var item = (JsonObject)input[i]!;
            var field = $"parameterValues[{i}]";
            var name = body.Path(TaskBody.String(item["name"], $"{field}.name") ?? "", $"{field}.name");
            if (name.EndsWith('.'))
            {
                throw new TaskValidationException($"{field}.name", $"'{field}.name' names an object ('{name}'); SetParameterValues sets parameters.");
            }
            if (!seen.Add(name))
            {
                // TR-069 A.3.2.1: a name appearing twice is invalid arguments (9003) on the CPE; refuse it here.
                throw new TaskValidationException($"{field}.name", $"'{name}' appears more than once in parameterValues.");
            }
            var (value, inferred) = Value(item["value"], $"{field}.value");
            var type = TaskBody.String(item["type"], $"{field}.type") ?? inferred;
            if (!type.Contains(':', StringComparison.Ordinal))
            {
                type = "xsd:" + type;
            }
            values.Add(new JsonObject { ["name"] = name, ["value"] = value, ["type"] = type });
        }
        return new JsonObject { ["parameterValues"] = values, ["parameterKey"] = ParseParameterKey(body) };
    }

    // A JSON number or boolean is taken as its text with the matching xsd type unless "type" says otherwise.
    private static (string Value, string Type) Value(JsonNode? node, string field) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => (v.GetValue<string>(), "xsd:string"),
            JsonValueKind.True => ("true", "xsd:boolean"),
            JsonValueKind.False => ("false", "xsd:boolean"),
            JsonValueKind.Number when v.TryGetValue<long>(out var n) => (v.ToJsonString(), n < 0 ? "xsd:int" : "xsd:unsignedInt"),
            _ => throw new TaskValidationException(field, $"'{field}' must be a string, a whole number or a boolean."),
        }
        : throw new TaskValidationException(field, $"'{field}' is required.");

    public override CwmpMessage CreateRequest(JsonObject payload) => new SetParameterValues(Values(payload), ParameterKey(payload));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
    {
        var values = Values(payload);
        string? username = null, password = null;
        foreach (var v in values)
        {
            if (v.Name.EndsWith(UsernameSuffix, StringComparison.Ordinal))
            {
                username = v.Value;
            }
            else if (v.Name.EndsWith(PasswordSuffix, StringComparison.Ordinal))
            {
                password = v.Value;
            }
        }
        var status = ((SetParameterValuesResponse)response).Status;
        return TaskOutcome.Done(new JsonObject { ["status"] = status }.ToJsonString()) with
        {
            Values = values,
            ConnectionRequestUsername = username,
            ConnectionRequestPassword = password,
        };
    }

    private static List<ParameterValue> Values(JsonObject payload)
        => payload["parameterValues"] is JsonArray a
            ? [.. a.Select(n => new ParameterValue((string?)n!["name"] ?? "", (string?)n["value"] ?? "", (string?)n["type"] ?? "xsd:string"))]
            : [];
}
