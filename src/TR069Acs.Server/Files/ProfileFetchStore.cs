using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>The last profile request of each device, recorded write-behind.</summary>
/// <remarks>
/// A profile request only puts its fetch in a per-device slot (the newest wins: only the last request of a device is
/// kept anyway); one writer at a time drains the slots into the database, a transaction per batch, while requests
/// keep arriving, pausing between batches while more come. A resync storm so costs one upsert per device and batch
/// instead of a database write per request.
/// <see cref="GetAsync"/> answers from the slots first, so a fetch is visible through the API as soon as it is
/// recorded. A failed batch is logged and dropped (the profile was served regardless); the slots are bounded, so a
/// database that falls behind slows requests down instead of growing memory.
/// </remarks>
internal sealed partial class ProfileFetchStore(AcsDatabase database, ILogger<ProfileFetchStore> logger) : IAsyncDisposable
{
    /// <summary>Devices whose fetch may wait for the writer; beyond it a request waits until the writer catches up.</summary>
    public const int MaxPending = 50_000;

    // Devices per transaction: large enough to amortise the commit, small enough to keep the write lock short.
    private const int BatchSize = 1_000;

    // Between batches while requests keep coming: a device's row is written at most about twice a second.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, ProfileFetch> _pending = new(StringComparer.Ordinal);
    private Task _writer = Task.CompletedTask;
    private int _writing;     // 1 while a writer drains the slots
    private long _recorded;

    /// <summary>Records a device's profile request; completes at once unless about <see cref="MaxPending"/> devices wait.</summary>
    public Task RecordAsync(ProfileFetch fetch, CancellationToken cancellationToken = default)
    {
        _pending[fetch.DeviceId] = fetch;
        // The interlocked exchange orders the store above before the writer's last emptiness check (see DrainAsync).
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            Volatile.Write(ref _writer, Task.Run(DrainAsync, CancellationToken.None));
        }
        // Counting the slots takes every lock of the dictionary: only every 1024th request looks.
        return (Interlocked.Increment(ref _recorded) & 1023) == 0 && _pending.Count > MaxPending
            ? Volatile.Read(ref _writer).WaitAsync(cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>The address of the device's last profile request while it still waits for the writer (null otherwise):
    /// what a reader of the table would not see yet (the syslog matcher's last known address).</summary>
    public string? PendingRemoteAddress(string deviceId) => _pending.TryGetValue(deviceId, out var pending) ? pending.RemoteAddress : null;

    /// <summary>The device's last profile request, or null when it never asked for one.</summary>
    public async Task<ProfileFetch?> GetAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        if (_pending.TryGetValue(deviceId, out var pending))
        {
            return pending;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT device_id, fetched, method, file_name, remote_address, user_agent, software_version, status_body FROM profile_fetches WHERE device_id = @DeviceId",
            new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        // A fetch recorded while the database was read has been written by now, or is in the slots again.
        return _pending.TryGetValue(deviceId, out pending) ? pending
            : row is null ? null
            : new ProfileFetch(row.DeviceId, row.Fetched, row.Method, row.FileName, row.RemoteAddress, row.UserAgent, row.SoftwareVersion, row.StatusBody);
    }

    /// <summary>Writes what is still pending (host shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        await Volatile.Read(ref _writer).ConfigureAwait(false);
        if (!_pending.IsEmpty)
        {
            await WriteAsync([.. _pending]).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = _pending.Take(BatchSize).ToArray();
            if (batch.Length > 0)
            {
                await WriteAsync(batch).ConfigureAwait(false);
                foreach (var written in batch)
                {
                    // Only the value written leaves its slot: a newer fetch of the same device stays for the next batch.
                    _pending.TryRemove(written);
                }
                if (batch.Length == BatchSize || !_pending.IsEmpty)
                {
                    // Under load the slots refill at once: pausing lets a device's requests meanwhile coalesce into one row.
                    await Task.Delay(Pause).ConfigureAwait(false);
                }
                continue;
            }
            // Stand down, then look once more: a fetch stored before the exchange is seen here; one stored after it
            // finds no writer and starts one. Whoever wins the exchange back carries on.
            Interlocked.Exchange(ref _writing, 0);
            if (_pending.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(KeyValuePair<string, ProfileFetch>[] batch)
    {
        try
        {
            await using var connection = await database.OpenAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertProfileFetch, batch.Select(kv => kv.Value), transaction)).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            Log.WriteFailed(logger, batch.Length, ex.Message);
        }
    }

    private sealed class Row
    {
        public string DeviceId { get; init; } = "";
        public long Fetched { get; init; }
        public string Method { get; init; } = "";
        public string FileName { get; init; } = "";
        public string? RemoteAddress { get; init; }
        public string? UserAgent { get; init; }
        public string? SoftwareVersion { get; init; }
        public string? StatusBody { get; init; }
    }

    private static partial class Log
    {
        [LoggerMessage(71, LogLevel.Warning, "Could not record the profile requests of {Count} devices: {Error}")]
        public static partial void WriteFailed(ILogger logger, int count, string error);
    }
}
