using System.Text.Json.Nodes;

namespace TR069Acs.Server.Tasks.Kinds;

/// <summary>What Download and Upload share: the URL check and the meaning of the response's Status.</summary>
internal static class TransferArguments
{
    public static string Url(TaskBody body)
    {
        var url = body.RequiredString("url");
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp" or "tftp"
            ? url
            : throw new TaskValidationException("url", $"'url' must be an absolute http, https, ftp or tftp URL, got '{url}'.");
    }

    // TR-069 A.3.2.8 / A.4.1.5: Status 0 = transfer done; 1 = not yet, a TransferComplete follows.
    public static TaskOutcome Outcome(int status, DateTimeOffset start, DateTimeOffset complete)
    {
        var result = new JsonObject
        {
            ["status"] = status,
            ["startTime"] = TaskResults.Time(start),
            ["completeTime"] = TaskResults.Time(complete),
        }.ToJsonString();
        return status == 1
            ? new TaskOutcome { Status = TaskStates.Sent, ResultJson = result }
            : TaskOutcome.Done(result);
    }
}
