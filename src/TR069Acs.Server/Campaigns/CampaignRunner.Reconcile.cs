using System.Globalization;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Campaigns;

internal sealed partial class CampaignRunner
{
    // What the rest of the ACS has recorded about each attempt in flight, turned into campaign progress. The session
    // hook (CampaignObserver) does most of this as it happens; this pass catches what it cannot see — a Download the
    // CPE refused outright (a Fault instead of DownloadResponse), DownloadResponse Status 0 (no TransferComplete
    // follows), tasks expired unsent — and what a crash may have cut short, and applies the confirmation deadline.
    private async Task<bool> ReconcileAsync(CampaignRow campaign, CampaignDefinition definition, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var changed = false;
        var nowMs = now.ToUnixTimeMilliseconds();
        var timeout = definition.StopRules.ConfirmTimeoutSeconds;
        foreach (var a in await store.InFlightAsync(campaign.Id, cancellationToken))
        {
            // The confirmation clock runs from the moment a session sent the Download: a phone that is off when its
            // Download is queued has not failed anything yet (issue 5 §3: the others get it at their next Inform).
            var deadline = a.TaskSent is { } sent ? sent + (timeout * 1000L) : long.MaxValue;
            var unreachedAt = a.Queued + (timeout * 1000L);
            var left = false;
            var progressed = false;
            if (a.TaskId is null)
            {
                progressed = await FinishQueueingAsync(campaign, definition, a, now, cancellationToken);
                left = !progressed && await store.WithdrawAsync(campaign.Id, a.CommandKey,
                    "its Download was not queued before the campaign stopped starting devices", cancellationToken);
            }
            else if (a is { TaskStatus: TaskStates.Queued, TaskAttempts: >= 1 })
            {
                progressed = await store.HoldResentDownloadsAsync(a.TaskId, nowMs, cancellationToken) > 0;
            }
            else if (a.TaskStatus == TaskStates.Queued && campaign.Status != CampaignStatus.Running
                && await tasks.CancelAsync(a.TaskId.Value, cancellationToken))
            {
                // Queued after the campaign stopped starting devices (a race with pause, stop or cancel).
                left = await store.WithdrawAsync(campaign.Id, a.CommandKey, $"withdrawn before it was sent: the campaign was {campaign.Status}", cancellationToken);
            }
            else if (a.TaskStatus is null)
            {
                left = await store.WithdrawAsync(campaign.Id, a.CommandKey, "its Download task was cancelled before it was sent", cancellationToken);
            }
            else if (a.TaskStatus == TaskStates.Fault)
            {
                left = await FailAsync(campaign, definition, a, CampaignObserver.FaultText(a.TaskFaultCode, a.TaskFaultMessage), nowMs, cancellationToken);
            }
            else if ((a.TaskStatus == TaskStates.Expired && a.TaskSent is null)
                || (a.TaskStatus == TaskStates.Queued && a.TaskExpires <= nowMs && await tasks.CancelAsync(a.TaskId.Value, cancellationToken)))
            {
                // Expired unsent: nothing reached the device, so the attempt does not count. Either the window closed
                // (queued again in the next one), or the device had no session for confirmTimeoutSeconds: its slot goes
                // to another device, and it is queued again after as long again — or at once at schedule.end's stop.
                left = a.TaskExpires >= unreachedAt
                    ? await store.WithdrawAsync(campaign.Id, a.CommandKey, string.Create(CultureInfo.InvariantCulture,
                        $"not reached: no session took its Download within {timeout} s; queued again later"), cancellationToken,
                        notBefore: nowMs + (timeout * 1000L))
                    : await store.WithdrawAsync(campaign.Id, a.CommandKey,
                        "its Download expired unsent when the maintenance window closed; it is queued again in the next window", cancellationToken);
            }
            else
            {
                if (a.TaskStatus == TaskStates.Done && a.TransferOk is null)
                {
                    progressed = await store.TransferSucceededAsync(campaign.Id, null, a.CommandKey, a.TaskCompleted ?? nowMs, cancellationToken);
                }
                else if (a.TaskStatus == TaskStates.Sent && a.TaskExpires < deadline)
                {
                    await store.ExtendSentTaskAsync(a.TaskId.Value, deadline, cancellationToken);
                }
                if ((a.TransferOk is not null || progressed) && a.VersionSeen is null
                    && a.LastInform >= a.Queued && Versions.Same(a.SoftwareVersion, campaign.TargetVersion))
                {
                    progressed |= await store.VersionSeenAsync(campaign.Id, a.CommandKey, a.LastInform.Value, cancellationToken);
                }
                if (nowMs >= deadline && !(await store.GetDeviceAsync(campaign.Id, a.DeviceId, cancellationToken) is { State: not DeviceState.InProgress }))
                {
                    if (a.TaskStatus == TaskStates.Queued)
                    {
                        await tasks.CancelAsync(a.TaskId.Value, cancellationToken);
                    }
                    left = await FailAsync(campaign, definition, a, Unconfirmed(a, campaign.TargetVersion, timeout), nowMs, cancellationToken);
                }
            }
            if (left || (progressed && await store.GetDeviceAsync(campaign.Id, a.DeviceId, cancellationToken) is { State: not DeviceState.InProgress }))
            {
                inFlight.Remove(a.DeviceId);
            }
            changed |= left || progressed;
        }
        return changed;
    }

    // The attempt was claimed but its task never linked (a crash between the two steps): link the task if it was
    // created, else create it now — only while the campaign may still start Downloads inside its window.
    private async Task<bool> FinishQueueingAsync(CampaignRow campaign, CampaignDefinition definition, CampaignStore.InFlight a,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.FindTaskAsync(a.DeviceId, a.CommandKey, a.Queued, cancellationToken) is { } existing)
        {
            await store.LinkTaskAsync(campaign.Id, a.CommandKey, existing, cancellationToken);
            return true;
        }
        if (campaign.Status != CampaignStatus.Running || SendBy(definition, now) is not { } sendBy
            || await firmware.GetAsync(campaign.FirmwareId, cancellationToken) is not { } image)
        {
            return false;
        }
        return await downloads.CreateTaskAsync(campaign, definition, image, a.DeviceId, a.CommandKey, a.Queued, sendBy, cancellationToken)
            == CampaignDownloads.Queueing.Queued;
    }

    private async Task<bool> FailAsync(CampaignRow campaign, CampaignDefinition definition, CampaignStore.InFlight a, string fault, long now,
        CancellationToken cancellationToken)
    {
        var retry = definition.Retry;
        var state = await store.FailAttemptAsync(campaign.Id, null, a.CommandKey, fault, retry.MaxAttempts, now + (retry.DelaySeconds * 1000L), now,
            cancellationToken);
        if (state is not null)
        {
            Log.Problem(logger, campaign.Id, $"attempt on {a.DeviceId} failed ({fault}); device now {state}");
        }
        return state is not null;
    }

    private static string Unconfirmed(CampaignStore.InFlight a, string target, int timeout)
        => a.TransferOk is null
            ? string.Create(CultureInfo.InvariantCulture, $"unconfirmed: no TransferComplete within {timeout} s of the Download being sent")
            : string.Create(CultureInfo.InvariantCulture,
                $"unconfirmed: TransferComplete without fault, but no Inform reported {target} within {timeout} s (last reported: {a.SoftwareVersion ?? "nothing"})");
}
