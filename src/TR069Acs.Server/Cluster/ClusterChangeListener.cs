using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Cluster;

/// <summary>On PostgreSQL, listens on <see cref="ClusterChangeStore.Channel"/> and wakes the
/// <see cref="ClusterChangePoller"/> as soon as another node commits a change, so caches are dropped within
/// milliseconds rather than at the next poll. The <c>changes</c> table stays the record: a notification carries no
/// data, and one sent while this node was disconnected is lost — the poller catches up after every (re)connection and
/// at every <see cref="ClusterOptions.PollInterval"/> anyway.</summary>
internal sealed partial class ClusterChangeListener(
    AcsNode node,
    AcsDatabase database,
    ClusterChangePoller poller,
    TimeProvider time,
    ILogger<ClusterChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>True while this node listens (for the tests and /api/health's reasoning).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!node.Shared || database.Dialect.Notify(ClusterChangeStore.Channel).Length == 0)
        {
            return;
        }
        var retry = FirstRetry;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A connection of its own (not pooled: it holds the LISTEN), with TCP keepalives so that a database that
                // vanished without closing the socket is noticed and the listener reconnects.
                var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 15 };
                await using var connection = new NpgsqlConnection(settings.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => poller.Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {ClusterChangeStore.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                Listening = true;
                // What was committed while this node did not listen is read now.
                poller.Wake();
                if (failing)
                {
                    failing = false;
                    Log.Listening(logger);
                }
                retry = FirstRetry;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or IOException)
            {
                Listening = false;
                if (!failing)
                {
                    failing = true;
                    Log.ListenFailed(logger, retry.TotalSeconds, ex);
                }
            }
            finally
            {
                Listening = false;
            }
            try
            {
                await Task.Delay(retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Cannot listen for the other ACS nodes' changes (PostgreSQL LISTEN); reading them every poll interval, retrying in {Seconds} s")]
        public static partial void ListenFailed(ILogger logger, double seconds, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Listening for the other ACS nodes' changes again")]
        public static partial void Listening(ILogger logger);
    }
}
