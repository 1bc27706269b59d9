using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Configuration;

/// <summary>
/// Layered configuration: scopes global → model → tag → device (lowest to highest precedence; a device's tags apply
/// in ordinal order). Reads and writes scopes, computes effective configurations, and hands every change of a
/// device's effective values to <see cref="ConfigPusher"/>. Effective configurations layer cached scopes and tags
/// (<see cref="ConfigCache"/>): a profile request reads the database only for what changed or expired.
/// </summary>
internal sealed partial class ConfigService(ConfigStore store, ConfigNames names, ConfigPusher pusher, TimeProvider time) : IDisposable
{
    private readonly ConfigCache _cache = new(store);

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
    /// with null removing a key), then pushes the changed effective values to the devices on TR-069.</summary>
    /// <param name="scope">The scope to write.</param>
    /// <param name="model">The model the scope's values are validated for (model scope, a device's ProductClass), or null.</param>
    /// <param name="parameters">The request's <c>parameters</c> object.</param>
    /// <param name="replace">True for PUT (the scope becomes exactly these values), false for PATCH.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ConfigValidationException">An unknown name or an invalid value; nothing is stored.</exception>
    public async Task<ConfigUpdate> UpdateAsync(ConfigScope scope, string? model, JsonObject parameters, bool replace, CancellationToken cancellationToken)
    {
        var stored = await store.GetScopeAsync(scope, cancellationToken);
        var values = names.Parse(parameters, model, allowNull: !replace, stored);
        var affected = await InformedDevicesAsync(scope, cancellationToken);
        var before = new List<EffectiveConfig>(affected.Count);
        foreach (var device in affected)
        {
            before.Add(await EffectiveForDeviceAsync(device, cancellationToken));
        }

        await store.WriteScopeAsync(scope, values, replace, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        _cache.Invalidate(scope);

        var pushed = new List<ConfigPush>();
        for (var i = 0; i < affected.Count; i++)
        {
            var after = await EffectiveForDeviceAsync(affected[i], cancellationToken);
            if (await pusher.PushAsync(affected[i], before[i], after, cancellationToken) is { } push)
            {
                pushed.Add(push);
            }
        }
        return new ConfigUpdate(await store.GetScopeAsync(scope, cancellationToken), pushed);
    }

    /// <summary>Replaces a device's tags and pushes what that changes in its effective configuration.</summary>
    public async Task<ConfigUpdate> SetTagsAsync(DeviceRow device, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var before = await EffectiveForDeviceAsync(device, cancellationToken);
        await store.SetTagsAsync(device.Id, tags, cancellationToken);
        _cache.InvalidateTags(device.Id);
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

/// <summary>The outcome of a configuration change: what the scope now stores and the tasks queued for it.</summary>
internal sealed record ConfigUpdate(IReadOnlyDictionary<string, string> Stored, IReadOnlyList<ConfigPush> Pushed);

/// <summary>A SetParameterValues queued for a device because its effective configuration changed.</summary>
internal sealed record ConfigPush(string DeviceId, long TaskId, IReadOnlyList<string> Parameters);
