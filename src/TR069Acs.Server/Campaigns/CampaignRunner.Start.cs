namespace TR069Acs.Server.Campaigns;

internal sealed partial class CampaignRunner
{
    // Phases, the window and the two throttles decide how many pending devices this tick starts.
    private async Task<bool> StartDevicesAsync(CampaignRow campaign, CampaignDefinition definition, CampaignCounts counts, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var changed = false;
        var phase = campaign.Phase;
        if (definition.Phases is not null)
        {
            var decision = PhasePlanner.Decide(phase, await store.PhaseTalliesAsync(campaign.Id, cancellationToken), definition.Phases);
            if (decision.StopReason is { } reason)
            {
                return await HaltAsync(campaign, CampaignStatus.Stopped, reason, cancellationToken);
            }
            if (decision.NextPhase is { } next && await store.AdvancePhaseAsync(campaign.Id, next, cancellationToken))
            {
                phase = next;
                changed = true;
            }
        }
        if (SendBy(definition, now) is not { } sendBy)
        {
            return changed;
        }
        var slots = definition.MaxConcurrent - counts.InProgress;
        if (definition.RatePerMinute is { } rate)
        {
            var lastMinute = await store.QueuedSinceAsync(campaign.Id, now.AddMinutes(-1).ToUnixTimeMilliseconds(), cancellationToken);
            slots = Math.Min(slots, rate - lastMinute);
        }
        if (slots <= 0 || counts.Pending == 0)
        {
            return changed;
        }
        if (await firmware.GetAsync(campaign.FirmwareId, cancellationToken) is not { } image)
        {
            return await HaltAsync(campaign, CampaignStatus.Stopped, $"firmware image {campaign.FirmwareId} is no longer stored", cancellationToken);
        }
        // Paused, stopped or cancelled while this batch is being queued: each task is committed only while the campaign
        // runs, so the operator's withdrawal finds every one committed before it (CampaignDownloads.CreateTaskAsync).
        var started = await downloads.StartAsync(campaign, definition, image, phase, (int)Math.Min(slots, int.MaxValue), sendBy, cancellationToken);
        return started > 0 || changed;
    }

    /// <summary>The latest time a Download queued now may be sent: the window's close, else the schedule's end, else
    /// far away; null when nothing may be queued now (the window is closed, or closes within two seconds).</summary>
    private static DateTimeOffset? SendBy(CampaignDefinition definition, DateTimeOffset now)
    {
        var sendBy = definition.Schedule.End ?? DateTimeOffset.MaxValue;
        if (definition.Schedule.Window is { } w)
        {
            var window = MaintenanceWindow.Create(w);
            if (!window.IsOpen(now))
            {
                return null;
            }
            if (window.NextChange(now) is { } close && close < sendBy)
            {
                sendBy = close;
            }
        }
        return sendBy - now < TimeSpan.FromSeconds(2) ? null : sendBy;
    }
}
