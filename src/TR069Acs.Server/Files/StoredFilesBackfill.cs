using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Files;

/// <summary>At start, puts the firmware images that only this node's disk holds (stored before the database kept files,
/// migration 015) into the database, so that the other nodes can serve them too. Runs once, in the background.</summary>
internal sealed partial class StoredFilesBackfill(FirmwareStore firmware, StoredFileStore stored, ILogger<StoredFilesBackfill> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var image in await firmware.ListAsync(stoppingToken))
            {
                if (File.Exists(firmware.PathOf(image.Id)) && await stored.GetAsync(image.Id, stoppingToken) is null)
                {
                    await firmware.LocalCopyAsync(image.Id, stoppingToken);
                }
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
        {
            Log.Failed(logger, ex);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not put the firmware images of this node's disk into the database; each one is put there when it is next served")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
