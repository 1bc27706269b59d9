using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Devices;
using TR069Acs.Server.Security;
using TR069Acs.Server.Sessions;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Hosting;

/// <summary>Start and stop around the web server: the database is migrated and the task index loaded before
/// Kestrel accepts a connection (StartingAsync runs before any hosted service starts); after Kestrel has stopped,
/// open sessions are ended and the write-behind queue is flushed (StoppedAsync runs after every service stopped).</summary>
internal sealed partial class AcsLifecycle(
    MigrationRunner migrations,
    AcsDatabase database,
    SecretsAtRestMigration secretsAtRest,
    TaskStore tasks,
    PendingTaskIndex pending,
    TelemetryWriter telemetry,
    SessionEngine sessions,
    Cluster.ClusterKeyStore clusterKeys,
    CpeAuth.DigestNonces nonces,
    Cluster.AcsNode node,
    AcsListeners listeners,
    AcsOptions options,
    TimeProvider time,
    ILogger<AcsLifecycle> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrations.ApplyAsync(cancellationToken);
        await Storage.Copy.CopyMarker.ThrowIfUnfinishedAsync(database, cancellationToken);
        await secretsAtRest.RunAsync(cancellationToken);
        // Every node on the database signs Digest nonces with one key: a CPE's answer to a challenge may reach another node.
        nonces.UseKey(await clusterKeys.GetOrCreateAsync("digest-nonces", CpeAuth.DigestNonces.KeyBytes, cancellationToken));
        // On a shared database the other nodes' sessions keep theirs (see Cluster.OrphanedTaskRecovery).
        var recovered = await tasks.RecoverInterruptedAsync(options.TaskMaxAttempts, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken,
            unleasedOnly: node.Shared);
        if (recovered > 0)
        {
            Log.Recovered(logger, recovered);
        }
        foreach (var device in await tasks.DevicesWithQueuedTasksAsync(cancellationToken))
        {
            pending.Add(device);
        }
        telemetry.Start();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        Log.Listening(logger, $"http://{listeners.UriHost}:{listeners.CwmpPort}{options.CwmpPath}", listeners.Api is null ? $"https://{listeners.UriHost}:{listeners.ApiTlsPort}/api"
            : listeners.ApiTlsPort is { } tlsPort ? $"http://{listeners.UriHost}:{listeners.ApiPort}/api and https://{listeners.UriHost}:{tlsPort}/api"
            : $"http://{listeners.UriHost}:{listeners.ApiPort}/api",
            pending.Count);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await sessions.AbortAllAsync();
        // Not the host's token: the drain has its own budget (Acs:TelemetryDrainSeconds) inside the shutdown timeout.
        await telemetry.StopAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "ACS ready: CWMP {CwmpUrl}, API {ApiUrl}; {Devices} device(s) with queued tasks")]
        public static partial void Listening(ILogger logger, string cwmpUrl, string apiUrl, int devices);

        [LoggerMessage(2, LogLevel.Information, "{Count} task(s) left on the wire by the previous run were put back in the queue")]
        public static partial void Recovered(ILogger logger, int count);
    }
}
