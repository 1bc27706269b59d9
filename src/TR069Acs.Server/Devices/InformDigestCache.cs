using System.Collections.Concurrent;
using TR069Acs.Cwmp;

namespace TR069Acs.Server.Devices;

/// <summary>Remembers a 64-bit digest of each Inform parameter this node last wrote per device, so a periodic Inform
/// whose values did not change (all but UpTime, typically) costs one parameter write instead of twenty.</summary>
/// <remarks>Bounded: past the capacity the cache is cleared, which costs one full write per device and is never
/// wrong. Any other writer of a device's parameters calls <see cref="Forget"/>.</remarks>
internal sealed class InformDigestCache(int capacity)
{
    private readonly ConcurrentDictionary<string, ulong[]> _digests = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The parameters of <paramref name="list"/> that differ from what was last recorded; records the new digests.</summary>
    public IReadOnlyList<ParameterValue> TakeChanged(string deviceId, IReadOnlyList<ParameterValue> list)
    {
        var digests = new ulong[list.Count];
        for (var i = 0; i < digests.Length; i++)
        {
            digests[i] = Digest(list[i]);
        }
        ulong[]? previous = null;
        _digests.AddOrUpdate(deviceId,
            static (_, d) => d,
            (_, old, d) =>
            {
                previous = old;
                return d;
            }, digests);
        if (previous is null)
        {
            if (Interlocked.Increment(ref _count) > capacity)
            {
                Clear();
            }
            return list;
        }
        if (previous.Length != digests.Length)
        {
            return list;
        }
        List<ParameterValue>? changed = null;
        for (var i = 0; i < digests.Length; i++)
        {
            if (digests[i] != previous[i])
            {
                (changed ??= []).Add(list[i]);
            }
        }
        return changed is null ? [] : changed;
    }

    /// <summary>Drops what is known about a device, e.g. after its parameters were written by a task.</summary>
    public void Forget(string deviceId)
    {
        if (_digests.TryRemove(deviceId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Drops everything (after a failed write, or when the cache is full).</summary>
    public void Clear()
    {
        _digests.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    // FNV-1a 64 over name, value and type: cheap; a collision (odds about 2^-64 per change) would skip one write.
    private static ulong Digest(ParameterValue p)
    {
        var h = 14695981039346656037UL;
        h = Mix(h, p.Name);
        h = Mix(h, p.Value);
        return Mix(h, p.Type);

        static ulong Mix(ulong h, string s)
        {
            foreach (var c in s)
            {
                h = (h ^ c) * 1099511628211UL;
            }
            return (h ^ 0xFFFF) * 1099511628211UL;
        }
    }
}
