using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"getParameterValues","parameterNames":["Device.Time."]}</c>: the returned values are stored.</summary>
internal sealed class GetParameterValuesTask : TaskKind
{
    public override string Name => "getParameterValues";

    public override Type ResponseType => typeof(GetParameterValuesResponse);

    public override JsonObject Parse(TaskBody body)
    {
        var names = body.RequiredStringArray("parameterNames");
        return new JsonObject { ["parameterNames"] = Strings(names.Select((n, i) => body.Path(n, $"parameterNames[{i}]"))) };
    }

    public override CwmpMessage CreateRequest(JsonObject payload) => new GetParameterValues(StringList(payload, "parameterNames"));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
    {
        var list = ((GetParameterValuesResponse)response).ParameterList;
        var result = new JsonObject { ["parameterValues"] = TaskResults.Values(list) };
        return TaskOutcome.Done(result.ToJsonString()) with { Values = list };
    }
}
