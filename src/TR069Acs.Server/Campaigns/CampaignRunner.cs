using Microsoft.Extensions.Logging;
using TR069Acs.Server.Files;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Campaigns;

/// <summary>
/// One tick of a campaign (run by <see cref="CampaignTickJob"/>, never twice at once for one campaign):
/// <code>
///  scheduled ──start time──▶ resolve membership (skip / refuse with reasons, phases) ──▶ running
///  every tick: reconcile attempts in flight (faults, expired tasks, confirmations, confirm timeouts)
///              stop rules ──▶ stopped        nothing pending or in flight ──▶ completed
///              paused, outside the window or past schedule.end: start nothing
///              phase finished? advance, or stop below minSuccessRate
///              start pending devices while inProgress &lt; maxConcurrent and the minute's rate allows
/// </code>
/// The campaign tables are the source of truth; a tick reads them afresh, so a tick interrupted by a crash is simply
/// run again by Quartz's recovery and finds everything where the committed state left it.
/// </summary>
internal sealed partial class CampaignRunner(
    CampaignStore store,
    MembershipLoader membership,
    FirmwareStore firmware,
    CampaignDownloads downloads,
    TaskService tasks,
    InFlightDevices inFlight,
    CampaignEvents events,
    TimeProvider time,
    ILogger<CampaignRunner> logger)
{
    /// <summary>Runs one tick; false when the campaign needs no more ticks (finished, nothing in flight, or gone).</summary>
    public async Task<bool> TickAsync(long campaignId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(campaignId, cancellationToken) is not { } campaign)
        {
            return false;
        }
        var definition = CampaignStore.DefinitionOf(campaign);
        var now = time.GetUtcNow();
        var changed = false;
        if (campaign.Status == CampaignStatus.Scheduled)
        {
            if (now < definition.Schedule.Start)
            {
                return true;
            }
            changed = await StartAsync(campaign, definition, cancellationToken);
            campaign = await store.GetAsync(campaignId, cancellationToken) ?? campaign;
        }
        if (campaign.Started is null)
        {
            // Paused (or cancelled) before it started: no members yet.
            return !CampaignStatus.IsFinal(campaign.Status);
        }
        try
        {
            changed |= await ReconcileAsync(campaign, definition, now, cancellationToken);
            var counts = await store.CountsAsync(campaignId, cancellationToken);
            if (CampaignStatus.IsFinal(campaign.Status))
            {
                return counts.InProgress > 0;
            }
            var recent = definition.StopRules.MaxFailureRate is { } rate
                ? await store.RecentOutcomesAsync(campaignId, rate.Window, cancellationToken)
                : [];
            if (StopRuleEvaluator.Evaluate(definition.StopRules, counts, recent) is { } reason)
            {
                changed |= await HaltAsync(campaign, CampaignStatus.Stopped, reason, cancellationToken);
                return counts.InProgress > 0;
            }
            if (counts.Pending == 0 && counts.InProgress == 0)
            {
                changed |= await store.TransitionAsync(campaignId, [CampaignStatus.Running, CampaignStatus.Paused], CampaignStatus.Completed, null,
                    now.ToUnixTimeMilliseconds(), cancellationToken);
                Log.Finished(logger, campaignId, CampaignStatus.Completed, counts.Succeeded, counts.Failed, counts.Skipped);
                return false;
            }
            if (campaign.Status != CampaignStatus.Running)
            {
                return true;
            }
            if (definition.Schedule.End is { } end && now >= end)
            {
                changed |= await HaltAsync(campaign, CampaignStatus.Stopped,
                    $"schedule.end {end:O} reached with {counts.Pending} device(s) not upgraded yet", cancellationToken);
                return counts.InProgress > 0;
            }
            changed |= await StartDevicesAsync(campaign, definition, counts, now, cancellationToken);
            return true;
        }
        finally
        {
            if (changed)
            {
                events.Changed(campaignId);
            }
        }
    }

    /// <summary>Stops or cancels a campaign that is not finished, and withdraws its Downloads not yet sent (in-flight
    /// ones are left to finish and are recorded). False when it was finished already.</summary>
    public async Task<bool> HaltAsync(CampaignRow campaign, string status, string? reason, CancellationToken cancellationToken)
    {
        if (!await store.TransitionAsync(campaign.Id, [CampaignStatus.Scheduled, CampaignStatus.Running, CampaignStatus.Paused], status, reason,
            time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
        {
            return false;
        }
        await WithdrawUnsentAsync(campaign.Id, $"withdrawn before it was sent: the campaign was {status}", cancellationToken);
        Log.Halted(logger, campaign.Id, status, reason ?? "by the operator");
        events.Changed(campaign.Id);
        return true;
    }

    /// <summary>Takes back every Download of the campaign that no session has sent yet; those devices are pending again.
    /// Called after the campaign left running: from then on no session sends one of its Downloads and no new one is
    /// queued (see <see cref="CampaignDownloads.CreateTaskAsync"/>, TaskStore.TakeNextAsync), so this only tidies up.</summary>
    public async Task<int> WithdrawUnsentAsync(long campaignId, string reason, CancellationToken cancellationToken)
    {
        var withdrawn = 0;
        foreach (var attempt in await store.InFlightAsync(campaignId, cancellationToken))
        {
            // DELETE … WHERE status = 'queued' races cleanly with a session taking the task: one of them wins. An attempt
            // claimed but not yet linked can no longer get its task: its link would find the campaign halted.
            if (((attempt is { TaskId: { } taskId, TaskStatus: TaskStates.Queued } && await tasks.CancelAsync(taskId, cancellationToken))
                    || attempt.TaskId is null)
                && await store.WithdrawAsync(campaignId, attempt.CommandKey, reason, cancellationToken))
            {
                inFlight.Remove(attempt.DeviceId);
                withdrawn++;
            }
        }
        return withdrawn;
    }

    private async Task<bool> StartAsync(CampaignRow campaign, CampaignDefinition definition, CancellationToken cancellationToken)
    {
        var image = await firmware.GetAsync(campaign.FirmwareId, cancellationToken);
        var target = new TargetImage(campaign.TargetVersion, image?.Models ?? []);
        var devices = await membership.LoadAsync(campaign.Id, definition.Selector, cancellationToken);
        var members = MembershipRules.Resolve(devices, target, definition.Phases);
        var started = await store.StartAsync(campaign.Id, members, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        if (started)
        {
            Log.Started(logger, campaign.Id, members.Count, members.Count(m => m.SkipReason is null));
        }
        return started;
    }

    private static partial class Log
    {
        [LoggerMessage(10, LogLevel.Information, "Campaign {CampaignId} started: {Members} device(s) selected, {Eligible} to upgrade")]
        public static partial void Started(ILogger logger, long campaignId, int members, int eligible);

        [LoggerMessage(11, LogLevel.Information, "Campaign {CampaignId} {Status}: {Succeeded} succeeded, {Failed} failed, {Skipped} skipped")]
        public static partial void Finished(ILogger logger, long campaignId, string status, long succeeded, long failed, long skipped);

        [LoggerMessage(12, LogLevel.Warning, "Campaign {CampaignId} {Status}: {Reason}")]
        public static partial void Halted(ILogger logger, long campaignId, string status, string reason);

        [LoggerMessage(13, LogLevel.Warning, "Campaign {CampaignId}: {Problem}")]
        public static partial void Problem(ILogger logger, long campaignId, string problem);
    }
}
