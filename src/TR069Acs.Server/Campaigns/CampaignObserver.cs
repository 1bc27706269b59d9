using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Campaigns;

/// <summary>Turns TransferCompletes and Informs into campaign progress (issue 5 §3): a device succeeds when its
/// attempt's TransferComplete reported no fault and an Inform after the Download was queued reported the target
/// version, in either order (a phone that reboots into the new image informs with <c>1 BOOT</c> before it re-sends
/// the TransferComplete in that session). A TransferComplete fault fails the attempt with its code and string.</summary>
internal sealed partial class CampaignObserver(
    CampaignStore store,
    CampaignDefinitions definitions,
    InFlightDevices inFlight,
    CampaignEvents events,
    TimeProvider time,
    ILogger<CampaignObserver> logger) : ICampaignObserver
{
    public async ValueTask InformAsync(string deviceId, string? softwareVersion, CancellationToken cancellationToken)
    {
        if (softwareVersion is null || !inFlight.Contains(deviceId))
        {
            return;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (campaignId, commandKey, target) in await store.InProgressForDeviceAsync(deviceId, cancellationToken))
        {
            if (Versions.Same(softwareVersion, target) && await store.VersionSeenAsync(campaignId, commandKey, now, cancellationToken))
            {
                await AfterChangeAsync(campaignId, deviceId, cancellationToken);
            }
        }
    }

    public async ValueTask TransferCompleteAsync(string deviceId, string commandKey, int faultCode, string? faultString,
        CancellationToken cancellationToken)
    {
        if (!CommandKeys.TryParse(commandKey, out var campaignId, out _, out _)
            || await definitions.GetAsync(campaignId, cancellationToken) is not { } campaign)
        {
            return;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        bool changed;
        if (faultCode == 0)
        {
            changed = await store.TransferSucceededAsync(campaignId, deviceId, commandKey, now, cancellationToken);
        }
        else
        {
            var fault = FaultText(faultCode, faultString);
            var retry = campaign.Definition.Retry;
            var state = await store.FailAttemptAsync(campaignId, deviceId, commandKey, fault, retry.MaxAttempts,
                now + (retry.DelaySeconds * 1000L), now, cancellationToken);
            changed = state is not null;
            if (changed)
            {
                Log.AttemptFailed(logger, campaignId, deviceId, fault, state!);
            }
        }
        if (changed)
        {
            await AfterChangeAsync(campaignId, deviceId, cancellationToken);
        }
    }

    /// <summary>"9010 Download failure: …" as <c>lastFault</c> shows it.</summary>
    public static string FaultText(int? code, string? message)
        => $"{code} {message}".Trim();

    private async Task AfterChangeAsync(long campaignId, string deviceId, CancellationToken cancellationToken)
    {
        events.Changed(campaignId);
        if (await store.GetDeviceAsync(campaignId, deviceId, cancellationToken) is { } row && row.State != DeviceState.InProgress)
        {
            inFlight.Remove(deviceId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Campaign {CampaignId}: attempt on {DeviceId} failed ({Fault}); device now {State}")]
        public static partial void AttemptFailed(ILogger logger, long campaignId, string deviceId, string fault, string state);
    }
}
