using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Provisioning;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Files;

/// <summary>
/// Issue 16 §3: no secret in clear over a channel that has not proved the device. Plain HTTP, TFTP and HTTPS without a
/// verified device certificate get a profile without the catalogue's <c>sensitive</c> parameters (<c>Password_n_</c>,
/// <c>ACS_Password</c>, <c>Connection_Request_Password</c>, <c>Admin_Passwd</c>, <c>GPP_SA</c>…), unless
/// <c>Acs:Provisioning:UnverifiedSecrets</c> is <see cref="UnverifiedSecretsMode.EncryptPerDevice"/> and the profile is
/// encrypted with a key only that device holds (<see cref="HasPerDeviceKey"/>). The User-Agent, which anyone can write,
/// therefore never selects a profile whose secrets it can read.
/// </summary>
/// <remarks>The stripped copy of a shared configuration is kept with it (and is shared itself), so the renderer's
/// one-render-per-version cache holds for it too.</remarks>
internal sealed partial class ProfileSecrets(ParameterCatalogue catalogue, AcsOptions options, ILogger<ProfileSecrets> logger)
{
    private readonly ConditionalWeakTable<EffectiveConfig, EffectiveConfig> _stripped = new();

    /// <summary>The operator's setting.</summary>
    public UnverifiedSecretsMode Mode => options.Provisioning.UnverifiedSecrets;

    /// <summary>True when <paramref name="config"/> is encrypted with a key set at <paramref name="device"/>'s own scope:
    /// no other phone holds it (a model, tag or global key is shared by many).</summary>
    public static bool HasPerDeviceKey(EffectiveConfig config, DeviceRow? device)
        => device is not null
            && config.Settings.TryGetValue(ReservedKeys.EncryptionKey, out var key)
            && key.Scope.Kind == ConfigScopeKind.Device
            && string.Equals(key.Scope.Key, device.Id, StringComparison.Ordinal)
            && key.Value.Length > 0;

    /// <summary>True when the per-device encryption allows secrets into <paramref name="config"/> for <paramref name="device"/>.</summary>
    public bool MayEncryptFor(EffectiveConfig config, DeviceRow? device) => Mode == UnverifiedSecretsMode.EncryptPerDevice && HasPerDeviceKey(config, device);

    /// <summary>True when <paramref name="name"/> is a secret the catalogue marks <c>sensitive</c>.</summary>
    public bool IsSecret(string name) => catalogue.TryGetDefinition(name, out var definition) && definition.IsSensitive;

    /// <summary>What a channel that has not proved the device may carry of <paramref name="config"/>: all of it when it
    /// is encrypted for that device alone (<see cref="MayEncryptFor"/>), else the configuration without its secrets.</summary>
    public EffectiveConfig ForUnverifiedChannel(EffectiveConfig config, DeviceRow? device, ProfileRequest request)
    {
        if (MayEncryptFor(config, device) || !config.Values.Keys.Any(IsSecret))
        {
            return config;
        }
        Log.Omitted(logger, request.Name.Name, request.Scheme, request.Remote);
        return config.IsShared ? _stripped.GetValue(config, Strip) : Strip(config);
    }

    private EffectiveConfig Strip(EffectiveConfig config)
    {
        var copy = new EffectiveConfig { IsShared = config.IsShared };
        var values = config.Values.Values.Where(v => !IsSecret(v.Name)).Concat(config.Settings.Values).ToLookup(v => v.Scope);
        foreach (var scope in config.Scopes.Distinct())
        {
            copy.Apply(scope, values[scope].ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
        }
        return copy;
    }

    private static partial class Log
    {
        [LoggerMessage(78, LogLevel.Debug, "Profile {Name} over {Scheme} to {Remote}: served without its secrets (no verified device certificate, no per-device key)")]
        public static partial void Omitted(ILogger logger, string name, string scheme, string? remote);
    }
}
