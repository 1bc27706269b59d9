using System.Data.Common;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>What <c>GET /api/health</c> reports: this node, its database (reachable within
/// <see cref="ClusterOptions.HealthTimeout"/>?) and the nodes that checked in within three heartbeats.</summary>
/// <remarks>The endpoint needs no token and a load balancer calls it every few seconds per node: a report is reused
/// for <see cref="Reuse"/>, so a flood of health requests costs the database one query per that interval.</remarks>
internal sealed partial class ClusterHealth(AcsNode node, AcsDatabase database, AcsOptions options, TimeProvider time, ILogger<ClusterHealth> logger)
{
    /// <summary>How long a report is served again: shorter than any balancer's check interval.</summary>
    public static readonly TimeSpan Reuse = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim _one = new(1, 1);
    private (HealthReport Report, long At)? _last;

    /// <summary>The current report (cached for <see cref="Reuse"/>).</summary>
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        if (_last is { } last && time.GetElapsedTime(last.At) < Reuse)
        {
            return last.Report;
        }
        await _one.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } again && time.GetElapsedTime(again.At) < Reuse)
            {
                return again.Report;
            }
            var report = await ProbeAsync(cancellationToken);
            _last = (report, time.GetTimestamp());
            return report;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<HealthReport> ProbeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = 3 * (long)options.Cluster.HeartbeatInterval.TotalMilliseconds;
        IReadOnlyList<ClusterNodeRow>? nodes = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Cluster.HealthTimeout);
        try
        {
            await using var connection = await database.OpenAsync(timeout.Token);
            nodes = await ClusterNodeStore.RecentAsync(connection, database.Dialect, now, window, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.Timeout(logger, options.Cluster.HealthTimeout);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            // The message may name the server; it goes to the log, never to the anonymous caller.
            Log.Unreachable(logger, ex);
        }
        var reachable = nodes is not null;
        return new HealthReport(
            reachable ? "ok" : "unavailable",
            new HealthNode(node.Id, AcsNode.Version, node.Shared ? "shared" : "single"),
            new HealthDatabase(node.Provider, reachable),
            [.. (nodes ?? []).Select(n => new HealthPeer(n.Id, n.Version, n.CwmpUrl, n.ApiUrl,
                DateTimeOffset.FromUnixTimeMilliseconds(n.Started), DateTimeOffset.FromUnixTimeMilliseconds(n.LastSeen)))]);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Health check: the database did not answer within {Timeout}; /api/health answers 503")]
        public static partial void Timeout(ILogger logger, TimeSpan timeout);

        [LoggerMessage(2, LogLevel.Warning, "Health check: the database is unreachable; /api/health answers 503")]
        public static partial void Unreachable(ILogger logger, Exception exception);
    }
}

/// <summary>The body of <c>GET /api/health</c>. <c>status</c> is <c>ok</c>, or <c>unavailable</c> (HTTP 503) when the
/// database did not answer.</summary>
internal sealed record HealthReport(string Status, HealthNode Node, HealthDatabase Database, IReadOnlyList<HealthPeer> Nodes);

/// <summary>The node that answered: its id, version and cluster mode (<c>single</c> or <c>shared</c>).</summary>
internal sealed record HealthNode(string Id, string Version, string Cluster);

/// <summary>The database provider and whether it answered within <c>Acs:Cluster:HealthTimeout</c>.</summary>
internal sealed record HealthDatabase(string Provider, bool Reachable);

/// <summary>A node that checked in within three heartbeats (this one included once its first heartbeat is written).</summary>
internal sealed record HealthPeer(string Id, string Version, string CwmpUrl, string ApiUrl, DateTimeOffset Started, DateTimeOffset LastSeen);
