namespace TR069Acs.Server.Syslog;

/// <summary>A resync or upgrade event read from a syslog message.</summary>
/// <param name="Kind">Request, success or failure of a resync or an upgrade.</param>
/// <param name="Url">The profile or firmware URL the message names (<c>$SCHEME://$SERVIP:$PORT$PATH</c>), or null.</param>
/// <param name="Error">The failure text (<c>$ERR</c>), or null.</param>
public sealed record ProvisioningEvent(ProvisioningEventKind Kind, string? Url, string? Error)
{
    /// <summary>True for an upgrade event, false for a resync event.</summary>
    public bool IsUpgrade => Kind is ProvisioningEventKind.UpgradeRequest or ProvisioningEventKind.UpgradeSuccess or ProvisioningEventKind.UpgradeFailure;

    /// <summary><c>requested</c>, <c>succeeded</c> or <c>failed</c>: the result the device's status shows.</summary>
    public string Result => Kind switch
    {
        ProvisioningEventKind.ResyncRequest or ProvisioningEventKind.UpgradeRequest => "requested",
        ProvisioningEventKind.ResyncSuccess or ProvisioningEventKind.UpgradeSuccess => "succeeded",
        _ => "failed",
    };

    /// <summary>The event's API name, e.g. <c>resyncFailure</c>.</summary>
    public string Name => Kind switch
    {
        ProvisioningEventKind.ResyncRequest => "resyncRequest",
        ProvisioningEventKind.ResyncSuccess => "resyncSuccess",
        ProvisioningEventKind.ResyncFailure => "resyncFailure",
        ProvisioningEventKind.UpgradeRequest => "upgradeRequest",
        ProvisioningEventKind.UpgradeSuccess => "upgradeSuccess",
        _ => "upgradeFailure",
    };
}
