using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"deleteObject","objectName":"Device.X.Line.2."}</c>: the instance leaves the stored tree.</summary>
internal sealed class DeleteObjectTask : TaskKind
{
    public override string Name => "deleteObject";

    public override Type ResponseType => typeof(DeleteObjectResponse);

    public override JsonObject Parse(TaskBody body) => new()
    {
        ["objectName"] = ObjectPath.Parse(body, "objectName", "an object instance such as \"Device.Services.VoiceService.1.VoiceProfile.1.Line.2.\""),
        ["parameterKey"] = ParseParameterKey(body),
    };

    public override CwmpMessage CreateRequest(JsonObject payload)
        => new DeleteObject((string?)payload["objectName"] ?? "", ParameterKey(payload));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
        => TaskOutcome.Done(new JsonObject { ["status"] = ((DeleteObjectResponse)response).Status }.ToJsonString()) with
        {
            DeletedObject = (string?)payload["objectName"],
        };
}
