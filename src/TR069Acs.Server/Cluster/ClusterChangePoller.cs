using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Cluster;

/// <summary>On a shared database, reads what the other nodes changed every <see cref="ClusterOptions.PollInterval"/>
/// (or at once when <see cref="Wake"/> is called, e.g. by a PostgreSQL notification) and hands it to this node's
/// subscribers through <see cref="ClusterSignals.Deliver"/>. Prunes changes older than <see cref="Retention"/>.</summary>
/// <remarks>Ids are handed out when a row is inserted and become visible when it commits, which on a server database
/// need not be in id order: an id skipped by one read may appear at the next. The poller therefore reads from the
/// lowest id it has not seen, remembers the ids above it that it has delivered, and gives up on a missing id (a rolled
/// back insert) after <see cref="GapWait"/>.</remarks>
internal sealed partial class ClusterChangePoller(
    AcsNode node,
    ClusterChangeStore store,
    ClusterSignals signals,
    AcsOptions options,
    TimeProvider time,
    ILogger<ClusterChangePoller> logger) : BackgroundService
{
    /// <summary>How long changes are kept: far longer than any node takes between two reads.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>How long an id is awaited after a higher one was read. A change is one INSERT in its own transaction,
    /// committed within milliseconds; ten seconds covers a stalled connection, not a lost change.</summary>
    public static readonly TimeSpan GapWait = TimeSpan.FromSeconds(10);

    // Rows per read; more are read at once when a read returns this many.
    private const int Batch = 500;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly HashSet<long> _seen = [];
    private long _after;
    private long? _gapSince;
    private bool _positioned;

    /// <summary>Reads now rather than at the next interval.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A read is due already.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Shared)
        {
            return;
        }
        var interval = options.Cluster.PollInterval;
        var failing = false;
        var lastPrune = long.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_positioned)
                {
                    // Nothing is cached before the start: what changed earlier does not matter to this node.
                    _after = await store.LatestIdAsync(stoppingToken);
                    _positioned = true;
                }
                await PollAsync(stoppingToken);
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                if (now - lastPrune > 60_000)
                {
                    lastPrune = now;
                    await store.PruneAsync(now - (long)Retention.TotalMilliseconds, stoppingToken);
                }
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
                    Log.PollFailed(logger, ex);
                }
            }
            try
            {
                await _wake.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One read: delivers the changes other nodes made since the last one.</summary>
    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ClusterChangeStore.Change> rows;
        int limit;
        do
        {
            limit = Batch + _seen.Count;
            rows = await store.ReadAfterAsync(_after, limit, cancellationToken);
            foreach (var row in rows)
            {
                if (_seen.Add(row.Id) && row.Node != node.Instance)
                {
                    signals.Deliver(row.Kind, row.Key);
                }
            }
            Advance();
        }
        while (rows.Count == limit);
    }

    // Moves _after over the ids delivered in a row; past a gap only once it is older than GapWait.
    private void Advance()
    {
        while (_seen.Count > 0)
        {
            if (_seen.Remove(_after + 1))
            {
                _after++;
                _gapSince = null;
                continue;
            }
            var now = time.GetTimestamp();
            _gapSince ??= now;
            if (time.GetElapsedTime(_gapSince.Value, now) < GapWait)
            {
                return;
            }
            _after = _seen.Min() - 1;
            _gapSince = null;
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cannot read the other ACS nodes' changes from the database; this node's caches expire on their own until it can again")]
        public static partial void PollFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Reading the other ACS nodes' changes again")]
        public static partial void Recovered(ILogger logger);
    }
}
