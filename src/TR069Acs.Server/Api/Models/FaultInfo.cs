using System.Text.Json.Nodes;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Api.Models;

/// <summary>A fault recorded for a device: CWMP code (null when the ACS gave up on a task), message, detail.</summary>
internal sealed record FaultInfo(long Id, string DeviceId, long? TaskId, int? Code, string Message, JsonNode? Detail, DateTimeOffset Created)
{
    public static FaultInfo From(FaultRow f)
        => new(f.Id, f.DeviceId, f.TaskId, f.Code, f.Message, f.Detail is null ? null : JsonNode.Parse(f.Detail), ApiTime.From(f.Created));
}
