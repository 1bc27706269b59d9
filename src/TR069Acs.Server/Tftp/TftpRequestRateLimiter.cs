using System.Net;

namespace TR069Acs.Server.Tftp;

/// <summary>
/// Issue 16 §1: a token bucket per client address (an IPv6 /64 as one) for the new transfers it may start: it holds
/// <c>burst</c> tokens, refills at <c>perSecond</c>, and each new transfer takes one. At most
/// <see cref="MaxTrackedAddresses"/> addresses are tracked; when that many are, the ones whose bucket has refilled (idle
/// for <c>burst / perSecond</c> seconds) are forgotten, at most once a second, and a new address that still finds no
/// room is refused: a flood of forged sources cannot grow memory, and a real phone's next request gets in.
/// </summary>
internal sealed class TftpRequestRateLimiter(double perSecond, int burst, TimeProvider time)
{
    /// <summary>Addresses tracked at once: 65,536 buckets of a few dozen bytes.</summary>
    public const int MaxTrackedAddresses = 65_536;

    private readonly Dictionary<IPAddress, Bucket> _buckets = [];
    private readonly Lock _lock = new();
    private long _lastSweep = long.MinValue;

    /// <summary>Takes a token for a new transfer from <paramref name="address"/>; false when its bucket is empty.</summary>
    public bool TryAcquire(IPAddress address)
    {
        var key = Hosting.ConnectionLimiter.Key(address)!;
        var now = time.GetTimestamp();
        lock (_lock)
        {
            double tokens = burst;
            if (_buckets.TryGetValue(key, out var bucket))
            {
                tokens = Refilled(bucket, now);
            }
            else if (_buckets.Count >= MaxTrackedAddresses && !Sweep(now))
            {
                return false;
            }
            if (tokens < 1)
            {
                _buckets[key] = new Bucket(tokens, now);
                return false;
            }
            _buckets[key] = new Bucket(tokens - 1, now);
            return true;
        }
    }

    private double Refilled(Bucket bucket, long now) => Math.Min(burst, bucket.Tokens + (time.GetElapsedTime(bucket.At, now).TotalSeconds * perSecond));

    // Forgets the buckets that are full again; true when that made room.
    private bool Sweep(long now)
    {
        if (_lastSweep != long.MinValue && time.GetElapsedTime(_lastSweep, now) < TimeSpan.FromSeconds(1))
        {
            return false;
        }
        _lastSweep = now;
        foreach (var (address, bucket) in _buckets)
        {
            if (Refilled(bucket, now) >= burst)
            {
                _buckets.Remove(address);
            }
        }
        return _buckets.Count < MaxTrackedAddresses;
    }

    private readonly record struct Bucket(double Tokens, long At);
}
