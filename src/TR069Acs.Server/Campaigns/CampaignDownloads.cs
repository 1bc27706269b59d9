using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Files;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Campaigns;

/// <summary>Queues a campaign's Downloads through the ordinary task queue (<see cref="TaskService"/>), so the session
/// engine delivers them like any task: at once to a phone woken by Connection Request, else at its next Inform.</summary>
/// <remarks>
/// Queueing is idempotent per CommandKey: the attempt is first claimed in <c>campaign_devices</c> (pending →
/// inProgress with its CommandKey, guarded by state and attempt count), then its task is created and linked. A crash
/// between the two leaves a claimed attempt without a task; the next tick finds the task by CommandKey if it was
/// created, and creates it only if not — so no device is ever sent two Downloads for one attempt.
/// </remarks>
internal sealed class CampaignDownloads(
    CampaignStore store,
    TaskService tasks,
    CampaignFileUrls urls,
    CampaignWakeups wakeups,
    InFlightDevices inFlight,
    TimeProvider time)
{
    /// <summary>Starts up to <paramref name="slots"/> pending devices of phases up to <paramref name="phase"/>; each task
    /// expires at <paramref name="sendBy"/> at the latest, so it is never sent after the window closes.</summary>
    /// <returns>The devices whose state changed.</returns>
    public async Task<int> StartAsync(CampaignRow campaign, CampaignDefinition definition, FirmwareRecord image, int phase, int slots,
        DateTimeOffset sendBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var candidates = await store.PendingCandidatesAsync(campaign.Id, phase, nowMs, slots, cancellationToken);
        var changed = 0;
        var toClaim = new List<CampaignStore.Candidate>(candidates.Count);
        foreach (var c in candidates)
        {
            // A device that meanwhile reports the target needs no Download: an earlier attempt installed it after all
            // (succeeded), or someone else upgraded it since the campaign started (skipped).
            if (Versions.Same(c.SoftwareVersion, campaign.TargetVersion))
            {
                var reason = c.Attempts > 0
                    ? $"found on the target version {campaign.TargetVersion} before attempt {c.Attempts + 1}"
                    : $"already on the target version {campaign.TargetVersion}";
                if (await store.FinishPendingOnTargetAsync(campaign.Id, c.DeviceId, c.Attempts, reason, nowMs, cancellationToken))
                {
                    changed++;
                }
                continue;
            }
            inFlight.Add(c.DeviceId);
            toClaim.Add(c);
        }
        foreach (var claim in await store.ClaimAsync(campaign.Id, toClaim, nowMs, cancellationToken))
        {
            var queued = await CreateTaskAsync(campaign, definition, image, claim.DeviceId, claim.CommandKey, nowMs, sendBy, cancellationToken);
            if (queued == Queueing.DeviceGone)
            {
                // No retry can help a device the ACS no longer knows.
                await store.FailAttemptAsync(campaign.Id, claim.DeviceId, claim.CommandKey, "the device is no longer known to the ACS", 0, nowMs, nowMs,
                    cancellationToken);
                inFlight.Remove(claim.DeviceId);
            }
            else if (queued == Queueing.Refused)
            {
                // Paused, stopped or cancelled since the claim (or the operator's withdrawal took the attempt back already).
                await store.WithdrawAsync(campaign.Id, claim.CommandKey, "its Download was not queued before the campaign stopped starting devices",
                    cancellationToken);
                inFlight.Remove(claim.DeviceId);
            }
            changed++;
        }
        return changed;
    }

    /// <summary>What became of a claimed attempt's Download.</summary>
    internal enum Queueing
    {
        /// <summary>Queued and linked to the attempt.</summary>
        Queued,

        /// <summary>The device is no longer known to the ACS.</summary>
        DeviceGone,

        /// <summary>Not queued: the campaign was no longer running, or the attempt no longer in flight, when the task
        /// was to be committed.</summary>
        Refused,
    }

    /// <summary>Creates and links the Download task of a claimed attempt (also used to finish one interrupted by a crash),
    /// in one transaction that also checks that the campaign is still running and the attempt still in flight: a task
    /// exists only linked, so the withdrawal that follows a pause, stop or cancel always finds it.</summary>
    public async Task<Queueing> CreateTaskAsync(CampaignRow campaign, CampaignDefinition definition, FirmwareRecord image, string deviceId,
        string commandKey, long queued, DateTimeOffset sendBy, CancellationToken cancellationToken)
    {
        var device = await tasks.FindDeviceAsync(deviceId, cancellationToken);
        if (device is null)
        {
            return Queueing.DeviceGone;
        }
        var now = time.GetUtcNow();
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(queued) + TimeSpan.FromSeconds(definition.StopRules.ConfirmTimeoutSeconds);
        // Until the confirmation deadline (rounded up: the expiry then tells an unreachable device from a closed
        // window), or until the window closes or the schedule ends (rounded down, one second early: never after it).
        var expiresIn = sendBy < deadline
            ? Math.Max(1, (long)Math.Floor((sendBy - now).TotalSeconds) - 1)
            : Math.Max(1, (long)Math.Ceiling((deadline - now).TotalSeconds));
        var body = new JsonObject
        {
            ["type"] = "download",
            ["fileType"] = EventCodes.FirmwareImage,
            ["url"] = urls.For(image),
            ["fileSize"] = image.Size,
            ["targetFileName"] = image.FileName ?? "",
            ["commandKey"] = commandKey,
            ["expiresInSeconds"] = expiresIn,
        };
        var task = await tasks.CreateAsync(device, body,
            (connection, transaction, taskId, ct) => CampaignStore.LinkNewTaskAsync(connection, transaction, campaign.Id, commandKey, taskId, ct),
            cancellationToken);
        if (task is null)
        {
            return Queueing.Refused;
        }
        if (definition.ConnectionRequest)
        {
            wakeups.Wake(device, task.Id);
        }
        return Queueing.Queued;
    }
}
