using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Configuration;

/// <summary>
/// Layered configuration: scopes global → model → tag → device (lowest to highest precedence; a device's tags apply
/// in ordinal order). Reads and writes scopes, computes effective configurations, and hands every change of a
/// device's effective values to <see cref="ConfigPusher"/>. Effective configurations layer cached scopes and tags
/// (<see cref="ConfigCache"/>): a profile request reads the database only for what changed or expired.
/// </summary>
internal sealed partial class ConfigService(ConfigStore store, ConfigNames names, ConfigPusher pusher, IClusterSignals signals, AcsOptions options,
    TimeProvider time) : IDisposable
{
    private readonly ConfigCache _cache = new(store, signals);

    /// <summary>The scope for an API path, with the model name in its catalogue spelling.</summary>
    /// <exception cref="ConfigValidationException">A malformed tag.</exception>
    public ConfigScope Scope(ConfigScopeKind kind, string key) => kind switch
    {
        ConfigScopeKind.Global => ConfigScope.Global,
        ConfigScopeKind.Model => new ConfigScope(kind, names.CanonicalModel(key.Trim())),
        ConfigScopeKind.Tag => new ConfigScope(kind, CheckTag(key, "tag")),
        _ => new ConfigScope(kind, key),
    };

    /// <summary>The values a scope stores.</summary>
    public Task<Dictionary<string, string>> GetAsync(ConfigScope scope, CancellationToken cancellationToken)
        => store.GetScopeAsync(scope, cancellationToken);

    /// <summary>Validates and stores <paramref name="parameters"/> in <paramref name="scope"/> (replacing it, or merging
    /// with null removing a key) as a new version of its history, then pushes the changed effective values to the
    /// devices on TR-069. A dry run (<see cref="ConfigWrite.DryRun"/>) only says what would change.</summary>
    /// <param name="scope">The scope to write.</param>
    /// <param name="model">The model the scope's values are validated for (model scope, a device's ProductClass), or null.</param>
    /// <param name="parameters">The request's <c>parameters</c> object.</param>
    /// <param name="replace">True for PUT (the scope becomes exactly these values), false for PATCH.</param>
    /// <param name="write">Who writes, and whether as a dry run or with a confirmation.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ConfigValidationException">An unknown name or an invalid value; nothing is stored.</exception>
    /// <exception cref="ConfigConfirmationException">Too many factory-value reverts without <c>?confirm=N</c>; nothing is stored.</exception>
    public async Task<ConfigUpdate> UpdateAsync(ConfigScope scope, string? model, JsonObject parameters, bool replace, ConfigWrite write,
        CancellationToken cancellationToken)
    {
        var stored = await store.GetScopeAsync(scope, cancellationToken);
        var values = names.Parse(parameters, model, allowNull: !replace, stored);
        return await WriteAsync(scope, stored, values, replace, write, cancellationToken);
    }

    /// <summary>Makes the scope hold the values of its <paramref name="version"/> again, as a new version pushed like any write.</summary>
    /// <exception cref="ConfigValidationException">No such version.</exception>
    /// <exception cref="ConfigConfirmationException">Too many factory-value reverts without <c>?confirm=N</c>.</exception>
    public async Task<ConfigUpdate> RollbackAsync(ConfigScope scope, int version, ConfigWrite write, CancellationToken cancellationToken)
    {
        if (await store.GetVersionAsync(scope, version, cancellationToken) is not { } target)
        {
            var latest = await store.GetLatestVersionAsync(scope, cancellationToken);
            throw new ConfigValidationException("version", latest == 0
                ? $"The scope {scope} has no history yet: nothing to roll back to."
                : $"The scope {scope} has no version {version}; its versions are 1 to {latest} (GET …/history).");
        }
        var stored = await store.GetScopeAsync(scope, cancellationToken);
        var values = target.Values.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        return await WriteAsync(scope, stored, values, replace: true, write with { Action = "rollback", RolledBackTo = version }, cancellationToken);
    }

    /// <summary>The versions of a scope, newest first.</summary>
    public Task<IReadOnlyList<ConfigVersion>> HistoryAsync(ConfigScope scope, int? before, int limit, CancellationToken cancellationToken)
        => store.GetHistoryAsync(scope, before, limit, cancellationToken);

    private async Task<ConfigUpdate> WriteAsync(ConfigScope scope, Dictionary<string, string> stored, Dictionary<string, string?> values, bool replace,
        ConfigWrite write, CancellationToken cancellationToken)
    {
        var next = replace ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(stored, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (value is null)
            {
                next.Remove(name);
            }
            else
            {
                next[name] = value;
            }
        }
        var changes = ConfigChange.Between(stored, next, names.IsSecret, Api.Secrets.Mask);
        if (changes.Count == 0)
        {
            // Nothing changes: no version, no push (a repeated PUT is harmless).
            return new ConfigUpdate(stored, [], changes, await store.GetLatestVersionAsync(scope, cancellationToken), new ConfigImpact(0, [], 0));
        }

        var affected = await InformedDevicesAsync(scope, cancellationToken);
        var before = new List<EffectiveConfig>(affected.Count);
        var touched = new List<string>();
        var reverts = 0;
        foreach (var device in affected)
        {
            var current = await EffectiveForDeviceAsync(device, cancellationToken);
            before.Add(current);
            var (count, revert) = pusher.Preview(device, current, await WhatIfAsync(device, scope, next, cancellationToken));
            if (count > 0)
            {
                touched.Add(device.Id);
                reverts += revert ? 1 : 0;
            }
        }
        var impact = new ConfigImpact(touched.Count, [.. touched.Take(ConfigImpact.SampleSize)], reverts);
        if (write.DryRun)
        {
            return new ConfigUpdate(next, [], changes, 0, impact, DryRun: true);
        }
        var threshold = options.Config.ConfirmAbove;
        if (reverts > threshold && write.Confirm != reverts)
        {
            throw new ConfigConfirmationException(reverts, threshold, write.Confirm);
        }

        var draft = new ConfigHistoryDraft(write.Actor, write.Action, write.RolledBackTo, changes, next, touched.Count);
        var version = await store.WriteScopeAsync(scope, values, replace, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken, draft);
        await signals.PublishAsync(ClusterChangeKinds.ConfigScope, ConfigCache.KeyOf(scope), cancellationToken);

        var pushed = new List<ConfigPush>();
        for (var i = 0; i < affected.Count; i++)
        {
            var after = await EffectiveForDeviceAsync(affected[i], cancellationToken);
            if (await pusher.PushAsync(affected[i], before[i], after, cancellationToken) is { } push)
            {
                pushed.Add(push);
            }
        }
        return new ConfigUpdate(await store.GetScopeAsync(scope, cancellationToken), pushed, changes, version, impact);
    }

    /// <summary>A device's effective configuration if <paramref name="changed"/> held <paramref name="values"/> (not cached).</summary>
    private async Task<EffectiveConfig> WhatIfAsync(DeviceRow device, ConfigScope changed, IReadOnlyDictionary<string, string> values,
        CancellationToken cancellationToken)
    {
        var effective = new EffectiveConfig();
        var scopes = new List<ConfigScope> { ConfigScope.Global, new(ConfigScopeKind.Model, names.CanonicalModel(device.ProductClass)) };
        scopes.AddRange((await _cache.GetTagsAsync(device.Id, cancellationToken)).Select(t => new ConfigScope(ConfigScopeKind.Tag, t)));
        scopes.Add(new ConfigScope(ConfigScopeKind.Device, device.Id));
        foreach (var scope in scopes)
        {
            effective.Apply(scope, scope == changed ? values : await _cache.GetScopeAsync(scope, cancellationToken));
        }
        return effective;
    }

    /// <summary>Replaces a device's tags and pushes what that changes in its effective configuration.</summary>
    public async Task<ConfigUpdate> SetTagsAsync(DeviceRow device, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var before = await EffectiveForDeviceAsync(device, cancellationToken);
        await store.SetTagsAsync(device.Id, tags, cancellationToken);
        await signals.PublishAsync(ClusterChangeKinds.ConfigTags, device.Id, cancellationToken);
        var after = await EffectiveForDeviceAsync(device, cancellationToken);
        var pushed = new List<ConfigPush>();
        if (device.LastInform > 0 && await pusher.PushAsync(device, before, after, cancellationToken) is { } push)
        {
            pushed.Add(push);
        }
        return new ConfigUpdate(new Dictionary<string, string>(), pushed);
    }

    /// <summary>The effective configuration of a device: global, its model, its tags, itself. Shared and cached (see
    /// <see cref="ConfigCache"/>): callers read it and never change it.</summary>
    public async Task<EffectiveConfig> EffectiveForDeviceAsync(DeviceRow device, CancellationToken cancellationToken)
    {
        var target = new ConfigScope(ConfigScopeKind.Device, device.Id);
        if (_cache.TryGetEffective(target, out var cached))
        {
            return cached;
        }
        var generation = _cache.Generation;
        var effective = new EffectiveConfig();
        await ApplyAsync(effective, ConfigScope.Global, cancellationToken);
        await ApplyAsync(effective, new ConfigScope(ConfigScopeKind.Model, names.CanonicalModel(device.ProductClass)), cancellationToken);
        foreach (var tag in await _cache.GetTagsAsync(device.Id, cancellationToken))
        {
            await ApplyAsync(effective, new ConfigScope(ConfigScopeKind.Tag, tag), cancellationToken);
        }
        await ApplyAsync(effective, target, cancellationToken);
        _cache.AddEffective(target, effective, generation);
        return effective;
    }

    /// <summary>The configuration every device of a model shares: global and model scopes. Shared and cached.</summary>
    public async Task<EffectiveConfig> EffectiveForModelAsync(string model, CancellationToken cancellationToken)
    {
        var target = new ConfigScope(ConfigScopeKind.Model, names.CanonicalModel(model));
        if (_cache.TryGetEffective(target, out var cached))
        {
            return cached;
        }
        var generation = _cache.Generation;
        var effective = new EffectiveConfig();
        await ApplyAsync(effective, ConfigScope.Global, cancellationToken);
        await ApplyAsync(effective, target, cancellationToken);
        _cache.AddEffective(target, effective, generation);
        return effective;
    }

    /// <summary>Tags as the API accepts them: 1-64 characters of letters, digits, '.', '_' and '-', starting alphanumeric.</summary>
    /// <exception cref="ConfigValidationException">A malformed tag.</exception>
    public static string CheckTag(string tag, string field)
        => TagPattern().IsMatch(tag)
            ? tag
            : throw new ConfigValidationException(field, $"'{tag}' is not a valid tag: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");

    /// <inheritdoc />
    public void Dispose() => _cache.Dispose();

    private async Task ApplyAsync(EffectiveConfig effective, ConfigScope scope, CancellationToken cancellationToken)
        => effective.Apply(scope, await _cache.GetScopeAsync(scope, cancellationToken));

    // Devices that have informed get the change as SetParameterValues; the others read it at their next resync.
    private async Task<List<DeviceRow>> InformedDevicesAsync(ConfigScope scope, CancellationToken cancellationToken)
        => [.. (await store.DevicesInScopeAsync(scope, cancellationToken)).Where(d => d.LastInform > 0)];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TagPattern();
}

/// <summary>The outcome of a configuration change: what the scope now stores (in a dry run: would store) and the tasks
/// queued for it; for a scope write also what changed, the version it became (0: none) and its reach.</summary>
internal sealed record ConfigUpdate(IReadOnlyDictionary<string, string> Stored, IReadOnlyList<ConfigPush> Pushed,
    IReadOnlyList<ConfigChange>? Changes = null, int Version = 0, ConfigImpact? Impact = null, bool DryRun = false);

/// <summary>A SetParameterValues queued for a device because its effective configuration changed.</summary>
internal sealed record ConfigPush(string DeviceId, long TaskId, IReadOnlyList<string> Parameters);
