namespace TR069Acs.Server.Campaigns;

/// <summary>The states of a campaign: scheduled → running ⇄ paused → completed | stopped | cancelled.</summary>
internal static class CampaignStatus
{
    public const string Scheduled = "scheduled";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Stopped = "stopped";
    public const string Cancelled = "cancelled";

    /// <summary>True for completed, stopped and cancelled: no new Download is queued again.</summary>
    public static bool IsFinal(string status) => status is Completed or Stopped or Cancelled;
}

/// <summary>The states of a device in a campaign.</summary>
internal static class DeviceState
{
    /// <summary>Selected, no Download on its way (never tried, or waiting for a retry).</summary>
    public const string Pending = "pending";

    /// <summary>A Download is queued or sent; awaiting its TransferComplete and the confirming Inform.</summary>
    public const string InProgress = "inProgress";

    /// <summary>TransferComplete without fault and an Inform reporting the target version.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The last attempt failed (fault or unconfirmed) and no retry is left.</summary>
    public const string Failed = "failed";

    /// <summary>Already on the target, or refused before any Download; the reason says which.</summary>
    public const string Skipped = "skipped";
}
