using Microsoft.Extensions.Logging;
using TR069Acs.Server.Sessions;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.ConnectionRequests;

/// <summary>Asks a device to open a session now, for a task just queued: finds its URL and credentials, skips the
/// request when a session already running will deliver the task, and records the outcome on the task.</summary>
/// <remarks>Issue 16 §4: a URL that <see cref="ConnectionRequestGuard"/> refuses is never contacted, and the task says so
/// and why. What a contacted target answered is not recorded: a refused connection, a timeout and any HTTP error all read
/// "no answer", so the task list is no port scanner (the detail is in the debug log).</remarks>
internal sealed partial class ConnectionRequestService(
    ConnectionRequestClient client,
    ConnectionRequestGuard guard,
    DeviceStore devices,
    CpeAuth.CpeCredentialStore credentials,
    TaskStore tasks,
    SessionRegistry sessions,
    AcsOptions options,
    TimeProvider time,
    ILogger<ConnectionRequestService> logger)
{
    public async Task<ConnectionRequestOutcome> RequestAsync(DeviceRow device, long taskId, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(device, taskId, cancellationToken);
        await tasks.SetConnectionRequestAsync(taskId, outcome.ToJson(), cancellationToken);
        if (outcome.Refused is not null)
        {
            Log.Refused(logger, device.Id, outcome.Refused);
        }
        return outcome;
    }

    private async Task<ConnectionRequestOutcome> SendAsync(DeviceRow device, long taskId, CancellationToken cancellationToken)
    {
        // A CPE in session answers 503 (TR-069 3.2.2), and a running session picks the new task up by itself:
        // wait for that session to end, then ask only if the task is still queued.
        if (sessions.ForDevice(device.Id) is { } running)
        {
            try
            {
                await running.Ended.Task.WaitAsync(TimeSpan.FromSeconds(options.SessionTimeoutSeconds), time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            if (await tasks.GetAsync(taskId, cancellationToken) is { Status: not TaskStates.Queued })
            {
                return new ConnectionRequestOutcome(true, null, null, time.GetUtcNow(), "not sent: the session that was running took the task");
            }
        }
        if (string.IsNullOrWhiteSpace(device.ConnectionRequestUrl))
        {
            return new ConnectionRequestOutcome(false, null,
                "the device has not reported a ManagementServer.ConnectionRequestURL; the task waits for its next Inform", time.GetUtcNow());
        }
        if (!Uri.TryCreate(device.ConnectionRequestUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return new ConnectionRequestOutcome(false, null,
                $"the device's ConnectionRequestURL '{device.ConnectionRequestUrl}' is not an http(s) URL", time.GetUtcNow());
        }
        // Callers may hand a partial row (a configuration push, a campaign); the source address is then read here.
        var source = device.RemoteAddress ?? (await devices.GetAsync(device.Id, cancellationToken))?.RemoteAddress;
        var (addresses, refusal) = await guard.CheckAsync(url, source, cancellationToken);
        if (addresses is null)
        {
            return new ConnectionRequestOutcome(false, null, $"not sent: the device's ConnectionRequestURL {refusal}; the task waits for its next Inform",
                time.GetUtcNow(), Refused: refusal);
        }
        var (username, password) = await CredentialsAsync(device, cancellationToken);
        var sent = await client.SendAsync(url, addresses, username, password, cancellationToken);
        if (sent.Ok)
        {
            return sent;
        }
        Log.NoAnswer(logger, device.Id, sent.StatusCode is { } code ? $"HTTP {code}" : "no HTTP answer", sent.Error ?? "no detail");
        return new ConnectionRequestOutcome(false, null, NoAnswer, sent.At);
    }

    // The newest credentials the ACS set on the device win: its own random pair (set in its first session or by rotation) or
    // one an operator set by SetParameterValues; else the configured defaults (an empty user name means the serial number).
    private async Task<(string Username, string Password)> CredentialsAsync(DeviceRow device, CancellationToken cancellationToken)
    {
        var (username, password, updated) = await devices.GetConnectionRequestCredentialsAsync(device.Id, cancellationToken);
        if (await credentials.GetConnectionRequestAsync(device.Id, cancellationToken) is { Password: not null } own && (password is null || own.Updated >= updated))
        {
            (username, password) = (own.Username, own.Password);
        }
        username ??= string.IsNullOrEmpty(options.ConnectionRequestUsername) ? device.SerialNumber : options.ConnectionRequestUsername;
        password ??= options.ConnectionRequestPassword;
        return (username, password);
    }

    /// <summary>What the task records for every failure of a contacted target, whatever it was.</summary>
    internal const string NoAnswer = "no answer: the device did not accept the Connection Request (the ACS does not say whether it "
        + "could not connect, waited in vain or was refused); the task waits for its next Inform";

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Debug, "Connection Request to {DeviceId}: no answer ({Answer}): {Error}")]
        public static partial void NoAnswer(ILogger logger, string deviceId, string answer, string error);

        [LoggerMessage(35, LogLevel.Information, "Connection Request to {DeviceId} not sent: its ConnectionRequestURL {Reason}")]
        public static partial void Refused(ILogger logger, string deviceId, string reason);
    }
}
