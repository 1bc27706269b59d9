using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.ConnectionRequests;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Campaigns;

/// <summary>Connection Requests for the Downloads a campaign has just queued, sent in the background with bounded
/// concurrency so that a tick never waits for a phone. A phone that is unreachable gets its Download at its next
/// Inform; the outcome is recorded on the task as for any task.</summary>
internal sealed partial class CampaignWakeups(
    ConnectionRequestService connectionRequests,
    AcsOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<CampaignWakeups> logger)
{
    // Never disposed: requests still running at shutdown release their slot after the host has gone.
    private readonly SemaphoreSlim _slots = new(options.Campaigns.ConnectionRequestConcurrency);

    public void Wake(DeviceRow device, long taskId)
    {
        _ = Task.Run(async () =>
        {
            var stopping = lifetime.ApplicationStopping;
            try
            {
                await _slots.WaitAsync(stopping);
                try
                {
                    await connectionRequests.RequestAsync(device, taskId, stopping);
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or HttpRequestException or InvalidOperationException)
            {
                Log.Failed(logger, device.Id, ex.Message);
            }
        }, CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Campaign Connection Request to {DeviceId} could not be sent: {Error}")]
        public static partial void Failed(ILogger logger, string deviceId, string error);
    }
}
