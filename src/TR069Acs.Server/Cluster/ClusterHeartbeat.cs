using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Hosting;

namespace TR069Acs.Server.Cluster;

/// <summary>Keeps this node's row in <c>cluster_nodes</c>: written once the listeners are bound (its URLs), refreshed
/// every <see cref="ClusterOptions.HeartbeatInterval"/>, marked stopped at a clean shutdown.</summary>
internal sealed partial class ClusterHeartbeat(
    AcsNode node,
    ClusterNodeStore store,
    AcsListeners listeners,
    AcsOptions options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ClusterHeartbeat> logger) : BackgroundService
{
    private long _started;
    private bool _beating;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        _started = time.GetUtcNow().ToUnixTimeMilliseconds();
        var failing = false;
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (first && await store.GetRecentAsync(node.Id, _started, 3 * (long)options.Cluster.HeartbeatInterval.TotalMilliseconds,
                        stoppingToken) is { } other && other.Instance != node.Instance)
                {
                    Log.DuplicateId(logger, node.Id, other.Instance);
                }
                first = false;
                await store.BeatAsync(Row(), stoppingToken);
                _beating = true;
                if (failing)
                {
                    failing = false;
                    Log.Recovered(logger);
                }
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    failing = true;
                    Log.BeatFailed(logger, ex);
                }
            }
            try
            {
                await Task.Delay(options.Cluster.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_beating)
        {
            return;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await store.StoppedAsync(node.Id, node.Instance, time.GetUtcNow().ToUnixTimeMilliseconds(), timeout.Token);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or OperationCanceledException)
        {
            // The row ages out of /api/health after three heartbeats instead.
        }
    }

    private ClusterNodeRow Row()
    {
        var host = listeners.UriHost;
        var cwmp = $"http://{host}:{listeners.CwmpPort}{options.CwmpPath}";
        var api = listeners.Api is null ? $"https://{host}:{listeners.ApiTlsPort}/api" : $"http://{host}:{listeners.ApiPort}/api";
        return new ClusterNodeRow
        {
            Id = node.Id,
            Instance = node.Instance,
            Version = AcsNode.Version,
            CwmpUrl = cwmp,
            ApiUrl = api,
            Started = _started,
            LastSeen = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Another ACS process runs with node id {NodeId} (instance {Instance} checked in recently): give every node its own Acs:NodeId (or its own data directory)")]
        public static partial void DuplicateId(ILogger logger, string nodeId, string instance);

        [LoggerMessage(2, LogLevel.Warning, "Cannot write this node's heartbeat to the database; the other nodes' /api/health stops listing it")]
        public static partial void BeatFailed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "This node's heartbeat is written again")]
        public static partial void Recovered(ILogger logger);
    }
}
