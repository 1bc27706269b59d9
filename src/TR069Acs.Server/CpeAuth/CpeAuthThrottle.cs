using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Server.CpeAuth;

/// <summary>Counts CWMP authentication failures per source (an IPv4 address, or the /64 of an IPv6 address, which one
/// subscriber usually holds whole): past <see cref="CpeAuthOptions.SlowDownAfterFailures"/> in the window its answers are
/// delayed, past <see cref="CpeAuthOptions.LockoutAfterFailures"/> it is refused (429) for
/// <see cref="CpeAuthOptions.LockoutSeconds"/>. A burst is reported once, when it starts.</summary>
internal sealed class CpeAuthThrottle(AcsOptions options, TimeProvider time)
{
    private const int MaxSources = 100_000;

    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private readonly CpeAuthOptions _o = options.CpeAuth;
    private long _failures;
    private long _refusals;

    /// <summary>Failures counted since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Requests refused with 429 since start.</summary>
    public long Refusals => Interlocked.Read(ref _refusals);

    /// <summary>The key failures of <paramref name="address"/> are counted under.</summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>Seconds the source is still refused for, or 0.</summary>
    public int LockedFor(string key)
    {
        if (!_sources.TryGetValue(key, out var s))
        {
            return 0;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (s)
        {
            if (s.LockedUntil > now)
            {
                Interlocked.Increment(ref _refusals);
                return (int)Math.Max(1, (s.LockedUntil - now + 999) / 1000);
            }
            return 0;
        }
    }

    /// <summary>The delay to add to answers to this source, if it keeps failing.</summary>
    public TimeSpan DelayFor(string key)
        => _sources.TryGetValue(key, out var s) && Volatile.Read(ref s.Count) >= _o.SlowDownAfterFailures
            ? TimeSpan.FromMilliseconds(_o.SlowDownMilliseconds) : TimeSpan.Zero;

    /// <summary>Counts a failure; says whether it starts a burst (to be logged) or locks the source out.</summary>
    public FailureCount RecordFailure(string key)
    {
        Interlocked.Increment(ref _failures);
        if (_sources.Count > MaxSources)
        {
            Prune();
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var s = _sources.GetOrAdd(key, _ => new Source());
        lock (s)
        {
            if (now - s.WindowStart > _o.FailureWindowSeconds * 1000L && s.LockedUntil <= now)
            {
                s.WindowStart = now;
                s.Count = 0;
            }
            s.Count++;
            var locked = s.Count >= _o.LockoutAfterFailures && s.LockedUntil <= now;
            if (locked)
            {
                s.LockedUntil = now + _o.LockoutSeconds * 1000L;
                s.WindowStart = s.LockedUntil;
                s.Count = 0;
            }
            return new FailureCount(s.Count == 1, locked, s.Count);
        }
    }

    private void Prune()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (key, s) in _sources)
        {
            if (s.LockedUntil <= now && now - s.WindowStart > _o.FailureWindowSeconds * 1000L)
            {
                _sources.TryRemove(key, out _);
            }
        }
    }

    private sealed class Source
    {
        public long WindowStart;
        public int Count;
        public long LockedUntil;
    }
}

/// <summary>The state of a source after a failure.</summary>
/// <param name="FirstInBurst">True for the first failure of a window: the one that is logged.</param>
/// <param name="LockedOut">True when this failure locked the source out.</param>
/// <param name="Count">Failures in the current window.</param>
internal readonly record struct FailureCount(bool FirstInBurst, bool LockedOut, int Count);
