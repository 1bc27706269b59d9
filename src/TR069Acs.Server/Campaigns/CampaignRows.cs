namespace TR069Acs.Server.Campaigns;

// Row shapes as Dapper reads them (snake_case columns to PascalCase properties); times are Unix milliseconds.

/// <summary>A row of <c>campaigns</c>.</summary>
internal sealed class CampaignRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string FirmwareId { get; init; } = "";
    public string TargetVersion { get; init; } = "";
    public string Definition { get; init; } = "{}";
    public string Status { get; init; } = "";
    public string? StopReason { get; init; }
    public int Phase { get; init; }
    public long Created { get; init; }
    public long? Started { get; init; }
    public long? Finished { get; init; }
}

/// <summary>A row of <c>campaign_devices</c>.</summary>
internal sealed class CampaignDeviceRow
{
    public long CampaignId { get; init; }
    public string DeviceId { get; init; } = "";
    public long Seq { get; init; }
    public int? Phase { get; init; }
    public string State { get; init; } = "";
    public int Attempts { get; init; }
    public string? CommandKey { get; init; }
    public long? TaskId { get; init; }
    public long? TransferOk { get; init; }
    public long? VersionSeen { get; init; }
    public string? LastFault { get; init; }
    public string? Reason { get; init; }
    public long? NotBefore { get; init; }
    public long? Queued { get; init; }
    public long? Started { get; init; }
    public long? Finished { get; init; }
}

/// <summary>How many devices of a campaign are in each state; always one grouped query, never a stored counter.</summary>
internal sealed record CampaignCounts(long Total, long Pending, long InProgress, long Succeeded, long Failed, long Skipped)
{
    public static readonly CampaignCounts None = new(0, 0, 0, 0, 0, 0);

    /// <summary>Devices that will not change any more.</summary>
    public long Finished => Succeeded + Failed + Skipped;
}

/// <summary>A device chosen at membership resolution, with what was decided about it.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Phase">Its phase, or null when skipped.</param>
/// <param name="SkipReason">Why it is skipped or refused, or null when it is pending.</param>
internal sealed record Member(string DeviceId, int? Phase, string? SkipReason);
