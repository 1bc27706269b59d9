namespace TR069Acs.Server.Campaigns;

/// <summary>What the CWMP session engine tells the campaigns, each call completed (and persisted) before the ACS
/// answers the CPE: a TransferComplete that is not acknowledged is re-sent by the CPE (TR-069 A.3.3.2), and an Inform
/// whose effect was stored cannot be lost by a crash right after its InformResponse.</summary>
internal interface ICampaignObserver
{
    /// <summary>An Inform opened a session. Costs nothing for a device without a campaign attempt in flight.</summary>
    ValueTask InformAsync(string deviceId, string? softwareVersion, CancellationToken cancellationToken);

    /// <summary>A TransferComplete arrived (matched to a task or not).</summary>
    ValueTask TransferCompleteAsync(string deviceId, string commandKey, int faultCode, string? faultString, CancellationToken cancellationToken);
}
