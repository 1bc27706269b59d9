using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Cluster;

/// <summary><see cref="IClusterSignals"/>: delivers to this node's subscribers at once and, on a shared database,
/// appends the change to the <c>changes</c> table that <see cref="ClusterChangePoller"/> on the other nodes reads.</summary>
internal sealed partial class ClusterSignals(AcsNode node, ClusterChangeStore store, TimeProvider time, ILogger<ClusterSignals> logger) : IClusterSignals
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<string>>> _handlers = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task PublishAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        Deliver(kind, key);
        if (!node.Shared)
        {
            return;
        }
        try
        {
            await store.AppendAsync(node.Instance, kind, key, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        }
        catch (DbException ex)
        {
            // The change itself is committed; the other nodes' caches expire on their own (ConfigCache.MaxAge).
            Log.AppendFailed(logger, kind, key, ex);
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(string kind, Action<string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.AddOrUpdate(kind, static (_, h) => [h], static (_, list, h) => list.Add(h), handler);
        return new Subscription(this, kind, handler);
    }

    /// <summary>Calls the subscribers of <paramref name="kind"/> (a change made here, or read from another node).</summary>
    public void Deliver(string kind, string key)
    {
        if (!_handlers.TryGetValue(kind, out var handlers))
        {
            return;
        }
        foreach (var handler in handlers)
        {
            try
            {
                handler(key);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.HandlerFailed(logger, kind, key, ex);
            }
        }
    }

    private void Unsubscribe(string kind, Action<string> handler)
        => _handlers.AddOrUpdate(kind, static (_, _) => [], static (_, list, h) => list.Remove(h), handler);

    private sealed class Subscription(ClusterSignals owner, string kind, Action<string> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(kind, handler);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not tell the other ACS nodes that {Kind} {Key} changed; their caches catch up when their entries expire")]
        public static partial void AppendFailed(ILogger logger, string kind, string key, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "A cache subscriber of {Kind} failed on key {Key}")]
        public static partial void HandlerFailed(ILogger logger, string kind, string key, Exception exception);
    }
}
