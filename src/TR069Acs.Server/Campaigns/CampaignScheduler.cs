using System.Globalization;
using Quartz;

namespace TR069Acs.Server.Campaigns;

/// <summary>The Quartz side of campaigns: one durable tick job per unfinished campaign, stored in the ACS's database
/// (ADO job store), with a trigger repeating every <see cref="CampaignOptions.TickMilliseconds"/> from the campaign's
/// start. The job requests recovery, so a tick cut short by a crash runs again when the ACS is back.</summary>
internal sealed class CampaignScheduler(ISchedulerFactory factory, AcsOptions options)
{
    private const string Group = "campaigns";
    private const string Prefix = "campaign-";

    public static JobKey JobKeyOf(long campaignId) => new(Prefix + campaignId.ToString(CultureInfo.InvariantCulture), Group);

    public static bool TryParse(JobKey key, out long campaignId)
    {
        campaignId = 0;
        return key.Group == Group && key.Name.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(key.Name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out campaignId);
    }

    /// <summary>Schedules (or replaces) the campaign's tick job, first firing at <paramref name="start"/>.</summary>
    public async Task ScheduleAsync(long campaignId, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<CampaignTickJob>()
            .WithIdentity(JobKeyOf(campaignId))
            .WithDescription($"Tick of firmware campaign {campaignId}")
            .RequestRecovery()
            .DisallowConcurrentExecution()
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(JobKeyOf(campaignId).Name, Group)
            .ForJob(job)
            .StartAt(start)
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(TimeSpan.FromMilliseconds(options.Campaigns.TickMilliseconds))
                .RepeatForever()
                // Ticks missed while the ACS was down are not made up: the next one sees the current state anyway.
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    /// <summary>True when the campaign's tick job is stored.</summary>
    public async Task<bool> IsScheduledAsync(long campaignId, CancellationToken cancellationToken)
        => await (await factory.GetScheduler(cancellationToken)).Exists(JobKeyOf(campaignId), cancellationToken);

    /// <summary>Removes the campaign's tick job (and its trigger).</summary>
    public async Task UnscheduleAsync(long campaignId, CancellationToken cancellationToken)
        => await (await factory.GetScheduler(cancellationToken)).DeleteJob(JobKeyOf(campaignId), cancellationToken);
}
