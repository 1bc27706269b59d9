using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Devices;

/// <summary>Write-behind for what Informs record (device identity, last Inform, events, parameter values): a bounded
/// queue drained by one writer that commits each batch in a single transaction with prepared statements.</summary>
/// <remarks>
/// A session only enqueues, so an Inform costs no database round trip. The queue is bounded: when the database
/// falls behind, sessions wait for room instead of memory growing. <see cref="FlushAsync"/> waits until everything
/// enqueued before it is committed; <see cref="StopAsync"/> drains the queue on shutdown.
/// </remarks>
internal sealed partial class TelemetryWriter
{
    private readonly Channel<TelemetryItem> _queue;
    private readonly AcsDatabase _database;
    private readonly InformDigestCache _digests;
    private readonly StoredSecrets _secrets;
    private readonly ILogger<TelemetryWriter> _logger;
    private readonly int _batchSize;
    private Task _loop = Task.CompletedTask;

    public TelemetryWriter(AcsDatabase database, InformDigestCache digests, StoredSecrets secrets, AcsOptions options, ILogger<TelemetryWriter> logger)
    {
        _database = database;
        _secrets = secrets;
        _digests = digests;
        _logger = logger;
        _batchSize = Math.Max(1, options.TelemetryBatchSize);
        _queue = Channel.CreateBounded<TelemetryItem>(new BoundedChannelOptions(Math.Max(16, options.TelemetryQueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Starts the writer loop.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues an Inform's telemetry; waits only when the queue is full.</summary>
    public ValueTask EnqueueAsync(InformTelemetry telemetry, CancellationToken cancellationToken)
        => _queue.Writer.TryWrite(telemetry) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(telemetry, cancellationToken);

    /// <summary>Completes when everything enqueued so far is committed (immediately after shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flush = new TelemetryFlush();
        try
        {
            await _queue.Writer.WriteAsync(flush, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return;
        }
        await flush.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting work and commits everything still queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<InformTelemetry>(_batchSize);
        var flushes = new List<TelemetryFlush>();
        Batch? prepared = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                while (batch.Count < _batchSize && _queue.Reader.TryRead(out var item))
                {
                    if (item is InformTelemetry t)
                    {
                        batch.Add(t);
                    }
                    else
                    {
                        flushes.Add((TelemetryFlush)item);
                    }
                }
                if (batch.Count > 0)
                {
                    prepared = await CommitWithRetryAsync(prepared, batch);
                    batch.Clear();
                }
                foreach (var flush in flushes)
                {
                    flush.Done.TrySetResult();
                }
                flushes.Clear();
            }
        }
        finally
        {
            prepared?.Dispose();
        }
    }

    private async Task<Batch?> CommitWithRetryAsync(Batch? prepared, List<InformTelemetry> batch)
    {
        // Transient failures (a locked database, a full disk being cleaned) get a few tries; after that the batch is
        // dropped and logged, and the digests are forgotten so the next Inform of each device rewrites everything.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                prepared ??= await Batch.OpenAsync(_database, _secrets);
                prepared.Commit(batch);
                return prepared;
            }
            catch (DbException ex)
            {
                prepared?.Dispose();
                prepared = null;
                if (attempt >= 3)
                {
                    _digests.Clear();
                    Log.BatchDropped(_logger, batch.Count, ex);
                    return null;
                }
                Log.BatchRetry(_logger, batch.Count, attempt, ex.Message);
                await Task.Delay(200 * attempt);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Writing {Count} Inform record(s) failed (attempt {Attempt}), retrying: {Error}")]
        public static partial void BatchRetry(ILogger logger, int count, int attempt, string error);

        [LoggerMessage(2, LogLevel.Error, "Dropped {Count} Inform record(s) after repeated database errors")]
        public static partial void BatchDropped(ILogger logger, int count, Exception exception);
    }
}
