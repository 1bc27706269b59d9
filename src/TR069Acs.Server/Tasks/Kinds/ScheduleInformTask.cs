using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"scheduleInform","delaySeconds":60,"commandKey":…}</c>: the CPE informs with <c>3 SCHEDULED</c> later.</summary>
internal sealed class ScheduleInformTask : TaskKind
{
    public override string Name => "scheduleInform";

    public override Type ResponseType => typeof(ScheduleInformResponse);

    public override JsonObject Parse(TaskBody body) => new()
    {
        // TR-069 A.4.1.4: DelaySeconds must be greater than 0.
        ["delaySeconds"] = body.OptionalInteger("delaySeconds", 1, uint.MaxValue)
            ?? throw new TaskValidationException("delaySeconds", "'delaySeconds' is required (seconds from now, at least 1)."),
        ["commandKey"] = ParseCommandKey(body, "inform"),
    };

    public override string? CommandKeyOf(JsonObject payload) => CommandKey(payload);

    public override CwmpMessage CreateRequest(JsonObject payload)
        => new ScheduleInform((uint)((long?)payload["delaySeconds"] ?? 1), CommandKey(payload));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response) => TaskOutcome.Done();
}
