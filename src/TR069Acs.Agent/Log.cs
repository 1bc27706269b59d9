using Microsoft.Extensions.Logging;

namespace TR069Acs.Agent;

/// <summary>The agent's log messages (source-generated: no allocation when the level is off, which matters with a
/// fleet of thousands).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "{DeviceId}: session done [{Events}], {Requests} ACS request(s)")]
    public static partial void SessionCompleted(ILogger logger, string deviceId, string events, int requests);

    [LoggerMessage(2, LogLevel.Warning, "{DeviceId}: session failed: {Reason}; retry at {RetryAt:O}")]
    public static partial void SessionFailed(ILogger logger, string deviceId, string reason, DateTimeOffset retryAt);

    [LoggerMessage(3, LogLevel.Error, "{DeviceId}: session crashed")]
    public static partial void SessionCrashed(ILogger logger, Exception exception, string deviceId);

    [LoggerMessage(4, LogLevel.Warning, "{DeviceId}: state file unreadable ({Problem}); starting factory-fresh")]
    public static partial void StateUnreadable(ILogger logger, string deviceId, string problem);

    [LoggerMessage(5, LogLevel.Error, "{DeviceId}: cannot save state to {Path}")]
    public static partial void StateNotSaved(ILogger logger, Exception exception, string deviceId, string path);

    [LoggerMessage(6, LogLevel.Information, "{DeviceId}: {Method} {Url} → fault {FaultCode} {FaultString}")]
    public static partial void TransferDone(ILogger logger, string deviceId, string method, string url, int faultCode, string faultString);

    [LoggerMessage(7, LogLevel.Warning, "{DeviceId}: cannot tell the firmware version of {Url}; keeping the version number")]
    public static partial void UnknownFirmwareVersion(ILogger logger, string deviceId, string url);

    [LoggerMessage(8, LogLevel.Information, "Connection requests served on {BaseUri}")]
    public static partial void ConnectionRequestListening(ILogger logger, Uri baseUri);

    [LoggerMessage(9, LogLevel.Information, "{DeviceId}: resync {Succeeded} {Error} ({Changed} changed, {Rejected} skipped)")]
    public static partial void ResyncDone(ILogger logger, string deviceId, bool succeeded, string error, int changed, int rejected);
}
