using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Sessions;

internal sealed partial class SessionEngine
{
    private static partial class Log
    {
        [LoggerMessage(20, LogLevel.Warning, "Session of {DeviceId} broken: {Reason}")]
        public static partial void Broken(ILogger logger, string deviceId, string reason);

        [LoggerMessage(21, LogLevel.Warning, "{DeviceId} sent {Message} while no ACS request was outstanding; session ended")]
        public static partial void StrayResponse(ILogger logger, string deviceId, string message);

        [LoggerMessage(22, LogLevel.Information, "TransferComplete from {DeviceId} with CommandKey '{CommandKey}' (fault {FaultCode}) matches no task; recorded")]
        public static partial void UnmatchedTransfer(ILogger logger, string deviceId, string commandKey, int faultCode);

        [LoggerMessage(23, LogLevel.Information, "{DeviceId} asked for a download (RequestDownload, FileType '{FileType}'); acknowledged")]
        public static partial void RequestDownload(ILogger logger, string deviceId, string fileType);

        [LoggerMessage(24, LogLevel.Warning, "Device {DeviceId} is leased by another ACS node; its tasks wait for the next session")]
        public static partial void LeaseBusy(ILogger logger, string deviceId);

        [LoggerMessage(37, LogLevel.Information, "Inform of {DeviceId} refused with 503: another ACS node holds the device's session lease")]
        public static partial void LeasedElsewhere(ILogger logger, string deviceId);

        [LoggerMessage(25, LogLevel.Information, "Inform of {DeviceId} carries a CurrentTime that is not a dateTime ('{Value}'); recorded, the session goes on")]
        public static partial void UnreadableCurrentTime(ILogger logger, string deviceId, string value);

        [LoggerMessage(26, LogLevel.Information, "{DeviceId} accepted its own CWMP and Connection Request credentials")]
        public static partial void Bound(ILogger logger, string deviceId);

        [LoggerMessage(28, LogLevel.Warning, "Session of {DeviceId} ended: {Reason}")]
        public static partial void Ended(ILogger logger, string deviceId, string reason);

        [LoggerMessage(29, LogLevel.Warning, "Session of {DeviceId}: request refused (403), {Why}; {Suppressed} more refused since the last report")]
        public static partial void Stranger(ILogger logger, string deviceId, string why, long suppressed);

        [LoggerMessage(27, LogLevel.Warning, "{DeviceId} did not accept its credentials ({Detail}); they are sent again in its next session, the current ones stay valid")]
        public static partial void BindingRefused(ILogger logger, string deviceId, string detail);

        [LoggerMessage(28, LogLevel.Warning, "Desired state of {DeviceId} not reconciled in this session (database: {Error}); its queued tasks go on")]
        public static partial void ReconcileFailed(ILogger logger, string deviceId, string error);

        [LoggerMessage(36, LogLevel.Information, "{DeviceId} answered FactoryReset: it may come back once with the bootstrap credential and 0 BOOTSTRAP until {Until:u}")]
        public static partial void ReadmitWindowOpened(ILogger logger, string deviceId, DateTimeOffset until);
    }
}
