using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"getParameterAttributes","parameterNames":[…]}</c>: notification and access lists are stored.</summary>
internal sealed class GetParameterAttributesTask : TaskKind
{
    public override string Name => "getParameterAttributes";

    public override Type ResponseType => typeof(GetParameterAttributesResponse);

    public override JsonObject Parse(TaskBody body)
    {
        var names = body.RequiredStringArray("parameterNames");
        return new JsonObject { ["parameterNames"] = Strings(names.Select((n, i) => body.Path(n, $"parameterNames[{i}]"))) };
    }

    public override CwmpMessage CreateRequest(JsonObject payload) => new GetParameterAttributes(StringList(payload, "parameterNames"));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
    {
        var list = ((GetParameterAttributesResponse)response).ParameterList;
        var result = new JsonObject
        {
            ["parameterAttributes"] = new JsonArray([.. list.Select(a => (JsonNode?)new JsonObject
            {
                ["name"] = a.Name,
                ["notification"] = a.Notification,
                ["accessList"] = Strings(a.AccessList),
            })]),
        };
        return TaskOutcome.Done(result.ToJsonString()) with
        {
            Attributes = [.. list.Select(a => new StoredAttribute(a.Name, a.Notification, string.Join(',', a.AccessList)))],
        };
    }
}
