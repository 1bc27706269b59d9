using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"getRPCMethods"}</c>: the result lists the methods the CPE supports.</summary>
internal sealed class GetRpcMethodsTask : TaskKind
{
    public override string Name => "getRPCMethods";

    public override Type ResponseType => typeof(GetRPCMethodsResponse);

    public override JsonObject Parse(TaskBody body) => [];

    public override CwmpMessage CreateRequest(JsonObject payload) => new GetRPCMethods();

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
        => TaskOutcome.Done(new JsonObject { ["methods"] = Strings(((GetRPCMethodsResponse)response).MethodList) }.ToJsonString());
}
