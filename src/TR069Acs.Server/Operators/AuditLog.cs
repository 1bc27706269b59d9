using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Operators;

/// <summary>The append-only audit trail (<c>GET /api/audit</c>). Every state-changing API call is recorded by the API
/// pipeline; other components record their security events here:
/// <code>
/// audit.CpeAuthenticationFailed(claimedDeviceId, remoteAddress, "wrong digest response");   // actor cpe:&lt;claimed id&gt;
/// audit.Record(new AuditEntry("cpe:" + id, "cpe.auth.refused", "device:" + id, 429, address, "rate limited"));
/// </code>
/// <see cref="Record"/> never blocks the caller (a CWMP session): entries are written behind, in batches; when the
/// queue is full (a flood) further entries are counted and dropped rather than slowing the server.
/// <see cref="RecordAsync"/> returns once the entry is stored. Members are cut to a bounded length and control
/// characters replaced, since actors and targets may come from the network. Never pass a secret or a body.</summary>
public sealed partial class AuditLog
{
    private const int QueueCapacity = 10_000;
    private const int BatchSize = 256;

    private readonly Channel<(long, AuditEntry)> _queue = Channel.CreateBounded<(long, AuditEntry)>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly AuditStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditLog> _logger;
    private long _dropped;

    internal AuditLog(AuditStore store, TimeProvider time, ILogger<AuditLog> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Entries dropped because the write-behind queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues an entry; never blocks. It is stored within moments (and before the server stops).</summary>
    public void Record(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_queue.Writer.TryWrite((Now, Clean(entry))))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Stores an entry now.</summary>
    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _store.AppendAsync([(Now, Clean(entry))], cancellationToken);
    }

    /// <summary>A CPE failed to authenticate on CWMP (issue 9 §1): actor <c>cpe:&lt;claimed id&gt;</c>, action
    /// <c>cpe.auth.failed</c>, target <c>device:&lt;claimed id&gt;</c>. Queued like <see cref="Record"/>.</summary>
    /// <param name="claimedDeviceId">The device id the request claimed (Inform DeviceId or user name); may be empty.</param>
    /// <param name="remoteAddress">The peer's address.</param>
    /// <param name="reason">Why, in a few words (never the credential presented).</param>
    /// <param name="status">The status answered: 401, 403 or 429.</param>
    public void CpeAuthenticationFailed(string? claimedDeviceId, string? remoteAddress, string reason, int status = 401)
    {
        var id = string.IsNullOrEmpty(claimedDeviceId) ? "unknown" : claimedDeviceId;
        Record(new AuditEntry($"cpe:{id}", "cpe.auth.failed", $"device:{id}", status, remoteAddress, reason));
    }

    /// <summary>Entries newest first. <paramref name="before"/> is the id of the last entry of the previous page.</summary>
    public Task<IReadOnlyList<AuditRecord>> QueryAsync(string? actor, DateTimeOffset? since, DateTimeOffset? until, long? before, int limit,
        CancellationToken cancellationToken = default)
        => _store.QueryAsync(actor, since?.ToUnixTimeMilliseconds(), until?.ToUnixTimeMilliseconds(), before, limit, cancellationToken);

    /// <summary>Writes queued entries until <paramref name="stoppingToken"/>, then what is left.</summary>
    internal async Task RunWriterAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(long, AuditEntry)>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteAvailableAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await WriteAvailableAsync(batch, CancellationToken.None);
    }

    private async Task WriteAvailableAsync(List<(long, AuditEntry)> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            if (batch.Count == 0)
            {
                break;
            }
            try
            {
                await _store.AppendAsync(batch, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                Log.WriteFailed(_logger, batch.Count, ex);
            }
        }
        if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
        {
            Log.Dropped(_logger, dropped);
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static AuditEntry Clean(AuditEntry e) => new(
        Cut(e.Actor, 200) ?? "unknown", Cut(e.Action, 300) ?? "unknown", Cut(e.Target, 300), e.Status, Cut(e.RemoteAddress, 64), Cut(e.Detail, 500));

    private static string? Cut(string? text, int max)
    {
        if (text is null)
        {
            return null;
        }
        var cut = text.Length > max ? text[..max] : text;
        return cut.Any(char.IsControl) ? new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]) : cut;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "{Count} audit entries could not be stored")]
        public static partial void WriteFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "{Count} audit entries were dropped: the audit queue was full (a flood of events)")]
        public static partial void Dropped(ILogger logger, long count);
    }
}
