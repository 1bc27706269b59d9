using System.Text.Json.Nodes;
using TR069Acs.Server.Files;

namespace TR069Acs.Server.Campaigns;

/// <summary>The API's side of campaigns: create, read, pause, resume, cancel.</summary>
internal sealed class CampaignService(
    CampaignStore store,
    CampaignScheduler scheduler,
    CampaignRunner runner,
    CampaignEvents events,
    FirmwareStore firmware,
    TimeProvider time)
{
    /// <summary>The outcome of an operator action: the campaign now, or why the action was impossible.</summary>
    internal sealed record ActionResult(CampaignView? Campaign, string? Conflict, bool NotFound = false);

    /// <summary>Validates and stores a campaign, and schedules its tick job.</summary>
    /// <exception cref="CampaignValidationException">The body is invalid or names an unknown image.</exception>
    public async Task<CampaignView> CreateAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var definition = CampaignRequest.Parse(body, now);
        var image = (FirmwareStore.IsSha256(definition.FirmwareId) ? await firmware.GetAsync(definition.FirmwareId, cancellationToken) : null)
            ?? throw new CampaignValidationException("firmwareId",
                $"No firmware image with id '{definition.FirmwareId}' is stored; upload it with POST /api/firmware and use the id it returns.");
        var id = await store.InsertAsync(definition, image.Version, now.ToUnixTimeMilliseconds(), cancellationToken);
        await scheduler.ScheduleAsync(id, definition.Schedule.Start > now ? definition.Schedule.Start : now, cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    public async Task<CampaignView?> GetAsync(long id, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) is { } row ? CampaignView.From(row, await store.CountsAsync(id, cancellationToken)) : null;

    /// <summary>Campaigns, newest first.</summary>
    public async Task<IReadOnlyList<CampaignView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(limit, cancellationToken);
        var counts = await store.CountsAsync([.. rows.Select(r => r.Id)], cancellationToken);
        return [.. rows.Select(r => CampaignView.From(r, counts.GetValueOrDefault(r.Id, CampaignCounts.None)))];
    }

    /// <summary>Pauses a scheduled or running campaign: nothing new is queued, and Downloads not yet sent are withdrawn.</summary>
    public async Task<ActionResult> PauseAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is null)
        {
            return new ActionResult(null, null, NotFound: true);
        }
        if (!await store.TransitionAsync(id, [CampaignStatus.Scheduled, CampaignStatus.Running], CampaignStatus.Paused, null,
            time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
        {
            return await ConflictAsync(id, "paused", "a scheduled or running campaign", cancellationToken);
        }
        await runner.WithdrawUnsentAsync(id, "withdrawn before it was sent: the campaign was paused", cancellationToken);
        events.Changed(id);
        return new ActionResult(await GetAsync(id, cancellationToken), null);
    }

    /// <summary>Resumes a paused campaign (scheduled again when it was paused before its start).</summary>
    public async Task<ActionResult> ResumeAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } row)
        {
            return new ActionResult(null, null, NotFound: true);
        }
        var to = row.Started is null ? CampaignStatus.Scheduled : CampaignStatus.Running;
        if (!await store.TransitionAsync(id, [CampaignStatus.Paused], to, null, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken))
        {
            return await ConflictAsync(id, "resumed", "a paused campaign", cancellationToken);
        }
        if (!await scheduler.IsScheduledAsync(id, cancellationToken))
        {
            await scheduler.ScheduleAsync(id, time.GetUtcNow(), cancellationToken);
        }
        events.Changed(id);
        return new ActionResult(await GetAsync(id, cancellationToken), null);
    }

    /// <summary>Cancels an unfinished campaign: Downloads not yet sent are withdrawn; those in flight finish and are recorded.</summary>
    public async Task<ActionResult> CancelAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } row)
        {
            return new ActionResult(null, null, NotFound: true);
        }
        if (!await runner.HaltAsync(row, CampaignStatus.Cancelled, null, cancellationToken))
        {
            return await ConflictAsync(id, "cancelled", "a scheduled, running or paused campaign", cancellationToken);
        }
        return new ActionResult(await GetAsync(id, cancellationToken), null);
    }

    private async Task<ActionResult> ConflictAsync(long id, string action, string what, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken);
        return new ActionResult(current, $"Campaign {id} is {current?.Status}; only {what} can be {action}.");
    }
}
