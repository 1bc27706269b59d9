namespace TR069Acs.Server.Campaigns;

/// <summary>What an operator asked for in <c>POST /api/campaigns</c>, normalised (defaults filled in). Stored as JSON in
/// <c>campaigns.definition</c> and echoed by the API.</summary>
/// <param name="Name">A label for people.</param>
/// <param name="FirmwareId">The image (SHA-256) to install.</param>
/// <param name="Selector">Which devices take part; resolved once, when the campaign starts.</param>
/// <param name="Schedule">When Downloads may be queued.</param>
/// <param name="MaxConcurrent">Devices in flight (Download queued, not yet confirmed) at once.</param>
/// <param name="RatePerMinute">Devices started per sliding minute, or null for no limit.</param>
/// <param name="Phases">Canary and percentage phases, or null for one phase holding every device.</param>
/// <param name="StopRules">When the campaign halts by itself.</param>
/// <param name="Retry">How a failed attempt is retried.</param>
/// <param name="ConnectionRequest">Wake reachable devices at once instead of waiting for their next Inform.</param>
internal sealed record CampaignDefinition(
    string Name,
    string FirmwareId,
    DeviceSelector Selector,
    CampaignSchedule Schedule,
    int MaxConcurrent,
    int? RatePerMinute,
    PhasePlan? Phases,
    StopRules StopRules,
    RetryPolicy Retry,
    bool ConnectionRequest);

/// <summary>Device criteria; every criterion given must hold (a list matches any of its entries, except
/// <see cref="Tags"/>: a device must carry every tag listed).</summary>
internal sealed record DeviceSelector(
    string? ProductClass,
    IReadOnlyList<string>? Models,
    string? SoftwareVersion,
    string? SoftwareVersionBelow,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? DeviceIds);

/// <summary>The campaign starts at <see cref="Start"/>, queues nothing after <see cref="End"/>, and, with a
/// <see cref="Window"/>, queues only while the daily maintenance window is open.</summary>
internal sealed record CampaignSchedule(DateTimeOffset Start, DateTimeOffset? End, WindowDefinition? Window);

/// <summary>A daily window in local wall-clock time: <c>{"from":"01:00","to":"05:00","timeZone":"Europe/Berlin"}</c>;
/// <see cref="From"/> later than <see cref="To"/> spans midnight.</summary>
internal sealed record WindowDefinition(string From, string To, string TimeZone);

/// <summary>The first <see cref="Canary"/> devices, then cumulative <see cref="Percentages"/> of the eligible devices;
/// a phase starts only when the previous one has finished with at least <see cref="MinSuccessRate"/> succeeded.</summary>
internal sealed record PhasePlan(int Canary, IReadOnlyList<int> Percentages, double MinSuccessRate);

/// <summary>Halting conditions; null members are off.</summary>
/// <param name="MaxFailures">Stop once this many devices have failed.</param>
/// <param name="MaxFailureRate">Stop once this many of the last finished devices have failed.</param>
/// <param name="ConfirmTimeoutSeconds">How long an attempt may stay unconfirmed before it counts as failed.</param>
internal sealed record StopRules(int? MaxFailures, FailureRateRule? MaxFailureRate, int ConfirmTimeoutSeconds);

/// <summary><see cref="Failures"/> failed among the last <see cref="Window"/> finished devices stops the campaign.</summary>
internal sealed record FailureRateRule(int Failures, int Window);

/// <summary>A device is tried at most <see cref="MaxAttempts"/> times, <see cref="DelaySeconds"/> apart.</summary>
internal sealed record RetryPolicy(int MaxAttempts, int DelaySeconds);
