using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"getParameterNames","parameterPath":"Device.ManagementServer.","nextLevel":true}</c>: the tree
/// and each name's writability are stored.</summary>
internal sealed class GetParameterNamesTask : TaskKind
{
    public override string Name => "getParameterNames";

    public override Type ResponseType => typeof(GetParameterNamesResponse);

    public override JsonObject Parse(TaskBody body)
    {
        // TR-069 A.3.2.3: an empty ParameterPath is the whole tree; paths otherwise go through the translator.
        var path = body.OptionalString("parameterPath") ?? throw new TaskValidationException("parameterPath",
            "'parameterPath' is required (a path such as \"Device.ManagementServer.\", or \"\" for the whole tree).");
        return new JsonObject
        {
            ["parameterPath"] = path.Length == 0 ? "" : body.Path(path, "parameterPath"),
            ["nextLevel"] = body.OptionalBool("nextLevel") ?? false,
        };
    }

    public override CwmpMessage CreateRequest(JsonObject payload)
        => new GetParameterNames((string?)payload["parameterPath"] ?? "", (bool?)payload["nextLevel"] ?? false);

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
    {
        var list = ((GetParameterNamesResponse)response).ParameterList;
        var result = new JsonObject
        {
            ["parameters"] = new JsonArray([.. list.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Name, ["writable"] = p.Writable })]),
        };
        return TaskOutcome.Done(result.ToJsonString()) with { Names = list };
    }
}
