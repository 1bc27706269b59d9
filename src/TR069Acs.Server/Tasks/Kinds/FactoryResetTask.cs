using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"factoryReset"}</c>: done on FactoryResetResponse; the CPE returns with <c>0 BOOTSTRAP</c>.</summary>
internal sealed class FactoryResetTask : TaskKind
{
    public override string Name => "factoryReset";

    public override Type ResponseType => typeof(FactoryResetResponse);

    public override JsonObject Parse(TaskBody body) => [];

    public override CwmpMessage CreateRequest(JsonObject payload) => new FactoryReset();

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response) => TaskOutcome.Done();
}
