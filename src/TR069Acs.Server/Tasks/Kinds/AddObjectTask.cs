using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"addObject","objectName":"Device.X.Line.","parameterKey":…}</c>: the result carries the new
/// instance number, and the instance joins the stored tree.</summary>
internal sealed class AddObjectTask : TaskKind
{
    public override string Name => "addObject";

    public override Type ResponseType => typeof(AddObjectResponse);

    public override JsonObject Parse(TaskBody body) => new()
    {
        ["objectName"] = ObjectPath.Parse(body, "objectName", "a multi-instance object such as \"Device.Services.VoiceService.1.VoiceProfile.1.Line.\""),
        ["parameterKey"] = ParseParameterKey(body),
    };

    public override CwmpMessage CreateRequest(JsonObject payload)
        => new AddObject((string?)payload["objectName"] ?? "", ParameterKey(payload));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
    {
        var r = (AddObjectResponse)response;
        var instance = $"{(string?)payload["objectName"]}{r.InstanceNumber}.";
        return TaskOutcome.Done(new JsonObject { ["instanceNumber"] = r.InstanceNumber, ["status"] = r.Status, ["object"] = instance }.ToJsonString()) with
        {
            // TR-069 A.3.2.6: an object instance's Writable says whether it can be deleted; a created one can.
            Names = [new ParameterInfo(instance, true)],
        };
    }
}
