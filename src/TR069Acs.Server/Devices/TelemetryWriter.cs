using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Security;
using TR069Acs.Server.Hosting;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Devices;

/// <summary>Write-behind for what Informs record (device identity, last Inform, events, parameter values): a queue
/// bounded by bytes, drained by one writer that commits short batches in single transactions with prepared statements.</summary>
/// <remarks>
/// A session only enqueues, so an Inform costs no database round trip. <see cref="TryEnqueue"/> refuses when the
/// queue holds <c>Acs:TelemetryQueueBytes</c> (estimated) or <c>Acs:TelemetryQueueCapacity</c> records: the CWMP
/// endpoint then answers 503 with Retry-After instead of acknowledging what it cannot keep. A record leaves the
/// budget only once committed, so a stalled database fills the queue and sheds load instead of memory growing.
/// A failing commit (a locked database, a full disk being cleaned) is retried with backoff for as long as it fails;
/// nothing acknowledged is dropped. <see cref="FlushAsync"/> waits until everything enqueued before it is committed;
/// <see cref="StopAsync"/> drains the queue completely, within <c>Acs:TelemetryDrainSeconds</c>.
/// </remarks>
internal sealed partial class TelemetryWriter
{
    private readonly Channel<TelemetryItem> _queue;
    private readonly AcsDatabase _database;
    private readonly InformDigestCache _digests;
    private readonly StoredSecrets _secrets;
    private readonly ILogger<TelemetryWriter> _logger;
    private readonly int _batchSize;
    private readonly int _batchRows;
    private readonly long _maxBytes;
    private readonly int _maxCount;
    private readonly TimeSpan _drain;
    private readonly CancellationTokenSource _abandon = new();
    private long _queuedBytes;
    private int _queuedCount;
    private int _refusing;
    private long _refused;
    private Task _loop = Task.CompletedTask;

    public TelemetryWriter(AcsDatabase database, InformDigestCache digests, StoredSecrets secrets, AcsOptions options, ILogger<TelemetryWriter> logger)
    {
        _database = database;
        _secrets = secrets;
        _digests = digests;
        _logger = logger;
        _batchSize = Math.Max(1, options.TelemetryBatchSize);
        _batchRows = Math.Max(1, options.TelemetryBatchRows);
        _maxBytes = Math.Max(1, options.TelemetryQueueBytes);
        _maxCount = Math.Max(1, options.TelemetryQueueCapacity);
        _drain = TimeSpan.FromSeconds(Math.Max(1, options.TelemetryDrainSeconds));
        _queue = Channel.CreateUnbounded<TelemetryItem>(new UnboundedChannelOptions { SingleReader = true });
    }

    /// <summary>Estimated bytes of the records queued and not yet committed.</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Records queued and not yet committed.</summary>
    public int QueuedCount => Volatile.Read(ref _queuedCount);

    /// <summary>Starts the writer loop.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues an Inform's telemetry; false when the queue is full (or the writer stopped): the caller must
    /// then not acknowledge the Inform. A record larger than the whole budget is accepted into an empty queue.</summary>
    public bool TryEnqueue(InformTelemetry telemetry)
    {
        var size = telemetry.EstimatedBytes;
        var bytes = Interlocked.Add(ref _queuedBytes, size);
        var count = Interlocked.Increment(ref _queuedCount);
        var fits = (bytes <= _maxBytes && count <= _maxCount) || count == 1;
        if (fits && _queue.Writer.TryWrite(telemetry))
        {
            return true;
        }
        Release(size, 1);
        Interlocked.Increment(ref _refused);
        if (fits)
        {
            return false; // Stopped: the host is shutting down.
        }
        if (Interlocked.Exchange(ref _refusing, 1) == 0)
        {
            Log.QueueFull(_logger, bytes - size, count - 1);
        }
        return false;
    }

    /// <summary>Completes when everything enqueued so far is committed (immediately after shutdown).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flush = new TelemetryFlush();
        if (!_queue.Writer.TryWrite(flush))
        {
            return;
        }
        await flush.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting work and commits everything still queued. The drain has its own budget
    /// (<c>Acs:TelemetryDrainSeconds</c>, the host's shutdown timeout is set longer), not the host's token: what was
    /// acknowledged is written even when the rest of the shutdown took its time. Only a database that fails for the
    /// whole budget loses the records still queued, and that is logged with their number.</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(_drain);
        }
        catch (TimeoutException)
        {
            var lost = QueuedCount;
            await _abandon.CancelAsync();
            await _loop.ContinueWith(static _ => { }, TaskScheduler.Default);
            Log.DrainAbandoned(_logger, lost, (int)_drain.TotalSeconds);
        }
    }

    private void Release(long bytes, int count)
    {
        Interlocked.Add(ref _queuedBytes, -bytes);
        Interlocked.Add(ref _queuedCount, -count);
    }

    private async Task RunAsync()
    {
        var batch = new List<InformTelemetry>(_batchSize);
        var flushes = new List<TelemetryFlush>();
        var failures = new FailureBurst(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        Batch? prepared = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                // Short transactions: a batch ends at TelemetryBatchSize Informs or TelemetryBatchRows rows, so the
                // writer never holds SQLite's write lock long enough for another writer to reach its busy timeout.
                var rows = 0;
                var bytes = 0L;
                while (batch.Count < _batchSize && rows < _batchRows && _queue.Reader.TryRead(out var item))
                {
                    if (item is InformTelemetry t)
                    {
                        batch.Add(t);
                        rows += 1 + t.ChangedParameters.Count;
                        bytes += t.EstimatedBytes;
                    }
                    else
                    {
                        flushes.Add((TelemetryFlush)item);
                    }
                }
                if (batch.Count > 0)
                {
                    prepared = await CommitAsync(prepared, batch, failures);
                    Release(bytes, batch.Count);
                    batch.Clear();
                    if (Volatile.Read(ref _refusing) == 1 && QueuedBytes <= _maxBytes / 2 && QueuedCount <= _maxCount / 2
                        && Interlocked.Exchange(ref _refusing, 0) == 1)
                    {
                        Log.QueueAccepting(_logger, Interlocked.Exchange(ref _refused, 0));
                    }
                }
                foreach (var flush in flushes)
                {
                    flush.Done.TrySetResult();
                }
                flushes.Clear();
            }
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // StopAsync gave up on a database that failed for the whole drain budget; it logs what is lost.
        }
        finally
        {
            prepared?.Dispose();
            foreach (var flush in flushes)
            {
                flush.Done.TrySetResult();
            }
        }
    }

    private async Task<Batch?> CommitAsync(Batch? prepared, List<InformTelemetry> batch, FailureBurst failures)
    {
        while (true)
        {
            try
            {
                prepared ??= await Batch.OpenAsync(_database, _secrets);
                prepared.Commit(batch);
                if (failures.Succeed() is > 0 and var count)
                {
                    Log.Recovered(_logger, batch.Count, count);
                }
                return prepared;
            }
            catch (DbException ex) when (IsPermanent(ex))
            {
                // Data the database can never take (cannot happen within the Inform limits): retrying would block
                // every device behind it, so this batch alone is dropped, loudly.
                prepared?.Dispose();
                _digests.Clear(); // The next Inform of each device rewrites everything.
                Log.BatchRejected(_logger, batch.Count, ex);
                failures.Succeed();
                return null;
            }
            catch (DbException ex)
            {
                // Transient (locked, busy, I/O, disk full): retried for as long as it fails; the queue fills meanwhile
                // and the CWMP endpoint answers 503 instead of acknowledging more.
                prepared?.Dispose();
                prepared = null;
                if (failures.Fail())
                {
                    Log.BatchRetry(_logger, batch.Count, ex);
                }
                await Task.Delay(failures.Backoff, _abandon.Token);
            }
        }
    }

    // Constraint, type or size: the same batch fails the same way every time.
    private bool IsPermanent(DbException ex) => _database.Dialect.IsPermanentDataError(ex);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Writing {Count} Inform record(s) failed, retrying with backoff until it works (further failures are counted, not logged)")]
        public static partial void BatchRetry(ILogger logger, int count, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "Dropped {Count} Inform record(s) the database refuses as data")]
        public static partial void BatchRejected(ILogger logger, int count, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "Writing {Count} Inform record(s) worked after {Failures} failed attempt(s)")]
        public static partial void Recovered(ILogger logger, int count, int failures);

        [LoggerMessage(4, LogLevel.Warning, "Telemetry queue full ({Bytes} bytes, {Records} records): Informs are answered 503 with Retry-After until the writer catches up")]
        public static partial void QueueFull(ILogger logger, long bytes, int records);

        [LoggerMessage(5, LogLevel.Information, "Telemetry queue accepts Informs again; {Refused} Inform(s) were refused with 503 meanwhile")]
        public static partial void QueueAccepting(ILogger logger, long refused);

        [LoggerMessage(6, LogLevel.Error, "Graceful stop: the database failed for the whole drain budget ({Seconds} s); {Count} acknowledged Inform record(s) were not written")]
        public static partial void DrainAbandoned(ILogger logger, int count, int seconds);
    }
}
