using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary><c>{"type":"download","fileType":"1 Firmware Upgrade Image","url":…}</c> with optional username, password,
/// fileSize, targetFileName, delaySeconds, successUrl, failureUrl, commandKey (generated when absent).</summary>
/// <remarks>TR-069 A.3.2.8: DownloadResponse Status 0 means done; Status 1 means a TransferComplete follows, so the
/// task stays sent until it arrives (in this or a later session) and then becomes done or fault.</remarks>
internal sealed class DownloadTask : TaskKind
{
    public override string Name => "download";

    public override Type ResponseType => typeof(DownloadResponse);

    public override JsonObject Parse(TaskBody body)
    {
        var url = TransferArguments.Url(body);
        return new JsonObject
        {
            ["commandKey"] = ParseCommandKey(body, "dl"),
            ["fileType"] = body.RequiredString("fileType"),
            ["url"] = url,
            ["username"] = body.OptionalString("username") ?? "",
            ["password"] = body.OptionalString("password") ?? "",
            ["fileSize"] = body.OptionalInteger("fileSize", 0, uint.MaxValue) ?? 0,
            ["targetFileName"] = body.OptionalString("targetFileName") ?? "",
            ["delaySeconds"] = body.OptionalInteger("delaySeconds", 0, uint.MaxValue) ?? 0,
            ["successUrl"] = body.OptionalString("successUrl") ?? "",
            ["failureUrl"] = body.OptionalString("failureUrl") ?? "",
        };
    }

    public override string? CommandKeyOf(JsonObject payload) => CommandKey(payload);

    public override CwmpMessage CreateRequest(JsonObject p) => new Download(
        CommandKey(p), (string?)p["fileType"] ?? "", (string?)p["url"] ?? "", (string?)p["username"] ?? "", (string?)p["password"] ?? "",
        (long?)p["fileSize"] ?? 0, (string?)p["targetFileName"] ?? "", (int)((long?)p["delaySeconds"] ?? 0),
        (string?)p["successUrl"] ?? "", (string?)p["failureUrl"] ?? "");

    public override TaskOutcome Complete(TaskRow task, JsonObject payload, CwmpMessage response)
    {
        var r = (DownloadResponse)response;
        return TransferArguments.Outcome(r.Status, r.StartTime, r.CompleteTime);
    }
}
