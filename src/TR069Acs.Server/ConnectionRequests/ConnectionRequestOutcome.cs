using System.Text.Json.Nodes;

namespace TR069Acs.Server.ConnectionRequests;

/// <summary>What became of a Connection Request: sent and accepted (2xx), refused (status code), failed (error), or
/// not needed because the task was delivered in a session that was already running, or not sent because the URL was
/// refused (<see cref="Refused"/>: why).</summary>
internal sealed record ConnectionRequestOutcome(bool Ok, int? StatusCode, string? Error, DateTimeOffset At, string? Note = null, string? Refused = null)
{
    public string ToJson() => new JsonObject
    {
        ["ok"] = Ok,
        ["statusCode"] = StatusCode,
        ["error"] = Error,
        ["note"] = Note,
        ["refused"] = Refused,
        ["at"] = At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    }.ToJsonString();
}
