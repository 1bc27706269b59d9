using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// Slows down guessing of activation codes: each remote address may fail <see cref="ActivationOptions.MaxFailuresPerMinute"/>
/// times in any 60 seconds; beyond that every activation from it is refused (429) until its oldest failure is a minute old.
/// IPv6 clients count per /64, the block one subscriber usually holds. State is per ACS node and in memory, bounded by
/// <see cref="MaxTrackedClients"/> (idle entries are dropped first).
/// </summary>
internal sealed class ActivationRateLimiter(AcsOptions options, TimeProvider time)
{
    /// <summary>Most clients tracked at once; past it, clients with no failure in the last minute are forgotten.</summary>
    public const int MaxTrackedClients = 100_000;

    private static readonly TimeSpan _window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<long>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the client must wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string? remote)
    {
        if (!_failures.TryGetValue(Key(remote), out var failures))
        {
            return null;
        }
        var now = time.GetUtcNow().UtcTicks;
        lock (failures)
        {
            Prune(failures, now);
            return failures.Count >= options.Activation.MaxFailuresPerMinute
                ? TimeSpan.FromTicks(failures.Peek() + _window.Ticks - now)
                : null;
        }
    }

    /// <summary>Counts a failed activation of the client.</summary>
    public void RecordFailure(string? remote)
    {
        if (_failures.Count >= MaxTrackedClients)
        {
            Sweep();
        }
        var failures = _failures.GetOrAdd(Key(remote), _ => new Queue<long>());
        var now = time.GetUtcNow().UtcTicks;
        lock (failures)
        {
            Prune(failures, now);
            failures.Enqueue(now);
            // Only the newest MaxFailuresPerMinute matter for the decision.
            while (failures.Count > options.Activation.MaxFailuresPerMinute)
            {
                failures.Dequeue();
            }
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow().UtcTicks;
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Prune(failures, now);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static void Prune(Queue<long> failures, long now)
    {
        while (failures.Count > 0 && failures.Peek() + _window.Ticks <= now)
        {
            failures.Dequeue();
        }
    }

    private static string Key(string? remote)
    {
        if (remote is null || !IPAddress.TryParse(remote, out var address))
        {
            return remote ?? "";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
