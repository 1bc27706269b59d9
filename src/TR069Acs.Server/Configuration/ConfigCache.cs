using Microsoft.Extensions.Caching.Memory;
using TR069Acs.Server.Cluster;

namespace TR069Acs.Server.Configuration;

/// <summary>
/// Read-through cache of what profile requests layer: each scope's values, each device's tags, and the effective
/// configurations built from them. A global or model scope is shared by thousands of phones, so a resync storm reads
/// it once instead of once per phone, and a phone's burst of requests (<c>Profile_Rule</c>, <c>_B</c>…, plain and
/// <c>.gz</c>) layers its configuration once.
/// </summary>
/// <remarks>
/// Freshness: a write through <see cref="ConfigService"/> is published through <see cref="IClusterSignals"/>; every node
/// (this one at once, the others within <see cref="ClusterOptions.PollInterval"/>) drops what it changed and every
/// effective configuration (writes are rare; rebuilding from cached scopes is cheap). Whatever else is cached is read
/// again after <see cref="MaxAge"/>, which also bounds staleness should a node miss a signal (database unreachable).
/// Cached objects are shared between requests and never modified.
/// Memory: entries are weighed (a scope or tag list 1, an effective configuration with its rendered profiles
/// <see cref="EffectiveWeight"/>) against <see cref="Capacity"/>, so a fleet of millions costs memory in proportion to
/// the phones resyncing within <see cref="MaxAge"/>, and never more than the capacity.
/// </remarks>
internal sealed class ConfigCache : IDisposable
{
    private readonly ConfigStore _store;
    private readonly IDisposable _scopes;
    private readonly IDisposable _tags;

    /// <summary>A cache over <paramref name="store"/> that drops what <paramref name="signals"/> reports changed.</summary>
    public ConfigCache(ConfigStore store, IClusterSignals signals)
    {
        _store = store;
        _scopes = signals.Subscribe(ClusterChangeKinds.ConfigScope, key =>
        {
            if (TryParseKey(key) is { } scope)
            {
                Forget(scope);
            }
        });
        _tags = signals.Subscribe(ClusterChangeKinds.ConfigTags, deviceId => Forget(new TagsKey(deviceId)));
    }

    /// <summary>How long a value read from the database is served without reading it again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    /// <summary>Total weight held: about 40,000 scopes or tag lists of a few hundred bytes, or 4,000 effective
    /// configurations of about 15 KB (a hundred values and their rendered profiles).</summary>
    public const int Capacity = 40_000;

    /// <summary>Weight of an effective configuration against <see cref="Capacity"/>.</summary>
    public const int EffectiveWeight = 10;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = Capacity,
        // Expired entries are swept at most this often (on the next cache access after it passes).
        ExpirationScanFrequency = TimeSpan.FromSeconds(5),
    });

    private long _generation;

    /// <summary>Bumped by every write: an effective configuration built before it is stale.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The values a scope stores (read-only, shared).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetScopeAsync(ConfigScope scope, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(scope, out IReadOnlyDictionary<string, string>? values))
        {
            return values!;
        }
        var generation = Generation;
        values = await _store.GetScopeAsync(scope, cancellationToken);
        Add(scope, values, 1, generation);
        return values;
    }

    /// <summary>A device's tags in ordinal order (read-only, shared).</summary>
    public async Task<IReadOnlyList<string>> GetTagsAsync(string deviceId, CancellationToken cancellationToken)
    {
        var key = new TagsKey(deviceId);
        if (_cache.TryGetValue(key, out IReadOnlyList<string>? tags))
        {
            return tags!;
        }
        var generation = Generation;
        tags = await _store.GetTagsAsync(deviceId, cancellationToken);
        Add(key, tags, 1, generation);
        return tags;
    }

    /// <summary>The effective configuration of <paramref name="target"/> (a device, or a model's shared profile) built
    /// since the last write, if any.</summary>
    public bool TryGetEffective(ConfigScope target, out EffectiveConfig effective)
    {
        if (_cache.TryGetValue(new EffectiveKey(target), out Built? built) && built!.Generation == Generation)
        {
            effective = built.Config;
            return true;
        }
        effective = null!;
        return false;
    }

    /// <summary>Keeps an effective configuration built from reads that started at <paramref name="generation"/>, and
    /// marks it <see cref="EffectiveConfig.IsShared"/> (so its rendered profiles may be kept with it).</summary>
    public void AddEffective(ConfigScope target, EffectiveConfig effective, long generation)
    {
        effective.IsShared = true;
        Add(new EffectiveKey(target), new Built(effective, generation), EffectiveWeight, generation);
    }

    /// <summary>The key of a <see cref="ClusterChangeKinds.ConfigScope"/> change: <c>global:</c>, <c>model:NAME</c>,
    /// <c>tag:NAME</c>, <c>device:ID</c>.</summary>
    public static string KeyOf(ConfigScope scope) => $"{scope.KindName}:{scope.Key}";

    /// <summary>The scope of a change key; null for a key this version does not know (a newer node's).</summary>
    public static ConfigScope? TryParseKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }
        var name = key[(colon + 1)..];
        return key[..colon] switch
        {
            "global" => ConfigScope.Global,
            "model" => new ConfigScope(ConfigScopeKind.Model, name),
            "tag" => new ConfigScope(ConfigScopeKind.Tag, name),
            "device" => new ConfigScope(ConfigScopeKind.Device, name),
            _ => null,
        };
    }

    public void Dispose()
    {
        _scopes.Dispose();
        _tags.Dispose();
        _cache.Dispose();
    }

    // A read racing a write may have loaded the old values: it must not put them back after the write dropped them,
    // so a read caches only when no write happened while it was reading (a lost caching is harmless).
    private void Add(object key, object value, int weight, long generation)
    {
        if (Generation != generation)
        {
            return;
        }
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = weight, AbsoluteExpirationRelativeToNow = MaxAge });
        if (Generation != generation)
        {
            _cache.Remove(key);
        }
    }

    private void Forget(object key)
    {
        Interlocked.Increment(ref _generation);
        _cache.Remove(key);
    }

    private readonly record struct TagsKey(string DeviceId);

    private readonly record struct EffectiveKey(ConfigScope Target);

    private sealed record Built(EffectiveConfig Config, long Generation);
}
