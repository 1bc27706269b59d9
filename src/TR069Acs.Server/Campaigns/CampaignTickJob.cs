using Microsoft.Extensions.Logging;
using Quartz;

namespace TR069Acs.Server.Campaigns;

/// <summary>The Quartz job behind each campaign: runs <see cref="CampaignRunner.TickAsync"/>, and removes itself once the
/// campaign needs no more ticks. Never two ticks of one campaign at once (the job key names the campaign).</summary>
[DisallowConcurrentExecution]
internal sealed partial class CampaignTickJob(CampaignRunner runner, CampaignScheduler scheduler, ILogger<CampaignTickJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!CampaignScheduler.TryParse(context.JobDetail.Key, out var campaignId))
        {
            return;
        }
        try
        {
            if (!await runner.TickAsync(campaignId, cancellationToken))
            {
                await scheduler.UnscheduleAsync(campaignId, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The trigger keeps firing: a database hiccup costs one tick, not the campaign.
            Log.TickFailed(logger, campaignId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Campaign {CampaignId}: tick failed; the next tick tries again")]
        public static partial void TickFailed(ILogger logger, long campaignId, Exception exception);
    }
}
