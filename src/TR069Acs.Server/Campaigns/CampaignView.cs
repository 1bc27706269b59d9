namespace TR069Acs.Server.Campaigns;

/// <summary>A campaign as the API shows it: state, exact counts, and the request fields echoed (defaults filled in).</summary>
internal sealed record CampaignView(
    long Id,
    string Name,
    string FirmwareId,
    string TargetVersion,
    string Status,
    string? StopReason,
    CountsView Counts,
    int CurrentPhase,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    DeviceSelector Selector,
    CampaignSchedule Schedule,
    int MaxConcurrent,
    int? RatePerMinute,
    PhasePlan? Phases,
    StopRules StopRules,
    RetryPolicy Retry,
    bool ConnectionRequest)
{
    public static CampaignView From(CampaignRow row, CampaignCounts counts)
    {
        var d = CampaignStore.DefinitionOf(row);
        return new CampaignView(row.Id, row.Name, row.FirmwareId, row.TargetVersion, row.Status, row.StopReason,
            new CountsView(counts.Total, counts.Pending, counts.InProgress, counts.Succeeded, counts.Failed, counts.Skipped),
            row.Phase + 1, Time(row.Created), Time(row.Started), Time(row.Finished),
            d.Selector, d.Schedule, d.MaxConcurrent, d.RatePerMinute, d.Phases, d.StopRules, d.Retry, d.ConnectionRequest);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? Time(v) : null;
}

/// <summary>The <c>counts</c> object.</summary>
internal sealed record CountsView(long Total, long Pending, long InProgress, long Succeeded, long Failed, long Skipped);

/// <summary>One device of a campaign as <c>GET /api/campaigns/{id}/devices</c> shows it.</summary>
internal sealed record CampaignDeviceView(
    string DeviceId,
    string State,
    int Attempts,
    string? LastFault,
    string? Reason,
    string? CommandKey,
    int? Phase,
    DateTimeOffset? Queued,
    DateTimeOffset? Started,
    DateTimeOffset? Finished)
{
    public static CampaignDeviceView From(CampaignDeviceRow r)
        => new(r.DeviceId, r.State, r.Attempts, r.LastFault, r.Reason, r.CommandKey, r.Phase is { } p ? p + 1 : null,
            Time(r.Queued), Time(r.Started), Time(r.Finished));

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
