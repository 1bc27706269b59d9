using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"reboot","commandKey":…}</c>: done on RebootResponse; the CPE returns with <c>1 BOOT</c>, <c>M Reboot</c>.</summary>
internal sealed class RebootTask : TaskKind
{
    public override string Name => "reboot";

    public override Type ResponseType => typeof(RebootResponse);

    public override JsonObject Parse(TaskBody body) => new() { ["commandKey"] = ParseCommandKey(body, "reboot") };

    public override string? CommandKeyOf(JsonObject payload) => CommandKey(payload);

    public override CwmpMessage CreateRequest(JsonObject payload) => new Reboot(CommandKey(payload));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response) => TaskOutcome.Done();
}
