using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"upload","fileType":"1 Vendor Configuration File","url":…}</c> with optional username, password,
/// delaySeconds, commandKey. Status 1 waits for the TransferComplete, as Download does.</summary>
internal sealed class UploadTask : TaskKind
{
    public override string Name => "upload";

    public override Type ResponseType => typeof(UploadResponse);

    public override JsonObject Parse(TaskBody body) => new()
    {
        ["commandKey"] = ParseCommandKey(body, "ul"),
        ["fileType"] = body.RequiredString("fileType"),
        ["url"] = TransferArguments.Url(body),
        ["username"] = body.OptionalString("username") ?? "",
        ["password"] = body.OptionalString("password") ?? "",
        ["delaySeconds"] = body.OptionalInteger("delaySeconds", 0, uint.MaxValue) ?? 0,
    };

    public override string? CommandKeyOf(JsonObject payload) => CommandKey(payload);

    public override CwmpMessage CreateRequest(JsonObject p) => new Upload(
        CommandKey(p), (string?)p["fileType"] ?? "", (string?)p["url"] ?? "", (string?)p["username"] ?? "", (string?)p["password"] ?? "",
        (int)((long?)p["delaySeconds"] ?? 0));

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
    {
        var r = (UploadResponse)response;
        return TransferArguments.Outcome(r.Status, r.StartTime, r.CompleteTime);
    }
}
