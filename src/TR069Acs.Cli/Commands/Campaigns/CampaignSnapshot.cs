using System.Text.Json.Nodes;

namespace TR069Acs.Cli.Commands.Campaigns;

/// <summary>What the CLI reads of a campaign (<c>GET /api/campaigns/{id}</c>, each <c>progress</c> event).</summary>
internal sealed record CampaignSnapshot(string Id, string Name, string Status, string? StopReason, CampaignCounts Counts)
{
    /// <summary>The daily maintenance window (<c>schedule.window</c>), or null when the campaign has none.</summary>
    public CampaignWindow? Window { get; init; }

    /// <summary>True once the campaign can change no more (issue 5 §2: completed, stopped or cancelled).</summary>
    public bool IsFinished => Status is "completed" or "stopped" or "cancelled";

    /// <summary>Reads a campaign object; a field that is missing or of another type reads as empty or 0.</summary>
    /// <exception cref="FormatException">The JSON is not an object.</exception>
    public static CampaignSnapshot From(JsonNode? node)
    {
        if (node is not JsonObject campaign)
        {
            throw new FormatException("the campaign is not a JSON object");
        }
        var counts = campaign["counts"] as JsonObject;
        return new CampaignSnapshot(
            Text(campaign["id"]) ?? "?",
            Text(campaign["name"]) ?? "",
            Text(campaign["status"]) ?? "unknown",
            Text(campaign["stopReason"]),
            new CampaignCounts(
                Number(counts?["total"]), Number(counts?["pending"]), Number(counts?["inProgress"]),
                Number(counts?["succeeded"]), Number(counts?["failed"]), Number(counts?["skipped"])))
        {
            Window = CampaignWindow.Read(campaign),
        };
    }

    /// <summary>A JSON string or number as text (campaign ids may be either).</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var s) ? s : value.ToJsonString()
        : null;

    private static long Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : 0;
}

/// <summary>A campaign's devices by state (issue 5 §2); <see cref="Done"/> are those that will not change again.</summary>
internal sealed record CampaignCounts(long Total, long Pending, long InProgress, long Succeeded, long Failed, long Skipped)
{
    public long Done => Succeeded + Failed + Skipped;

    /// <summary>Devices still to finish: pending and in flight.</summary>
    public long Remaining => Pending + InProgress;
}
