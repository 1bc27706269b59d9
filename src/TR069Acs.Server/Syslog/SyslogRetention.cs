using System.Collections.Concurrent;

namespace TR069Acs.Server.Syslog;

/// <summary>
/// Keeps stored syslog bounded: messages older than <see cref="AcsOptions.SyslogRetentionDays"/> go, and each device
/// keeps its newest <see cref="AcsOptions.SyslogMaxMessagesPerDevice"/> verified messages and, in a budget of their own
/// (issue 16 §6: forged lines never evict genuine ones), its newest <see cref="AcsOptions.SyslogMaxUnverifiedMessagesPerDevice"/>
/// unverified ones (the unattached ones their newest <see cref="AcsOptions.SyslogMaxUnattachedMessages"/>). Only devices written since the last run are counted, so a
/// run costs what was received, not what is stored.
/// </summary>
internal sealed class SyslogRetention(SyslogStore store, AcsOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, byte> _written = new(StringComparer.Ordinal);
    private int _unattachedWritten;

    /// <summary>Notes the devices a batch wrote to (and whether it stored unattached messages).</summary>
    public void Written(IEnumerable<string> devices, bool unattached)
    {
        foreach (var device in devices)
        {
            _written.TryAdd(device, 0);
        }
        if (unattached)
        {
            Volatile.Write(ref _unattachedWritten, 1);
        }
    }

    /// <summary>Deletes what retention no longer keeps; returns how many messages.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.SyslogRetentionDays).ToUnixTimeMilliseconds();
        var deleted = await store.DeleteOlderThanAsync(cutoff, cancellationToken);
        foreach (var device in _written.Keys)
        {
            _written.TryRemove(device, out _);
            deleted += await store.KeepNewestAsync(device, options.SyslogMaxMessagesPerDevice, verified: true, cancellationToken);
            deleted += await store.KeepNewestAsync(device, options.SyslogMaxUnverifiedMessagesPerDevice, verified: false, cancellationToken);
        }
        if (Interlocked.Exchange(ref _unattachedWritten, 0) == 1)
        {
            deleted += await store.KeepNewestAsync(null, options.SyslogMaxUnattachedMessages, verified: null, cancellationToken);
        }
        return deleted;
    }
}
