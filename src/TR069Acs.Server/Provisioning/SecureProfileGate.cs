using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Files;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// The file server's side of secure two-stage provisioning (the SPC flow of the guides). For a device with secure
/// provisioning on:
/// <list type="bullet">
/// <item>its usual profile name (<c>/cfg/spa$MA.cfg</c>, any name that identifies it) serves the <b>first stage</b>, only to
/// the device itself (issue 16 §3: its verified client certificate on HTTPS, or encrypted with an encryption key set at the
/// device's own scope when <c>Acs:Provisioning:UnverifiedSecrets</c> is <c>EncryptPerDevice</c>; a User-Agent proves
/// nothing): <c>GPP_A</c> = key, <c>GPP_B</c> = directory,
/// <c>Profile_Rule</c> = <c>[--key $A] https://HOST:7568/cfg/$B/$MA.cfg</c>, nothing else;</item>
/// <item><c>/cfg/{directory}/…</c> serves the <b>second stage</b>: its effective profile with those three values kept,
/// AES-256-CBC encrypted (<c>openssl enc</c>, MD5 derivation as the phones' <c>--key</c>) with the key;</item>
/// <item>a random-looking directory that is not its current one (the one before a rotation) is 404, and another device's
/// directory is 403 for everyone else.</item>
/// </list>
/// </summary>
internal sealed partial class SecureProfileGate(
    SecureProvisioningStore store,
    ProvisioningUrls urls,
    ProfileSecrets secrets,
    TimeProvider time,
    ILogger<SecureProfileGate> logger)
{
    /// <summary>Refuses a request under a device's secure directory whose name identifies no known device (403, before
    /// auto-registration could create one); null otherwise.</summary>
    public async Task<ProvisioningRefusal?> CheckUnknownDeviceAsync(ProfileRequestName name, string? remote, CancellationToken cancellationToken)
    {
        if (DirectoryOf(name) is { } directory && await store.GetByDirectoryAsync(directory, cancellationToken) is { } owner)
        {
            Log.WrongDevice(logger, name.Mac ?? "(none)", owner.DeviceId, remote);
            return WrongDevice(name);
        }
        return null;
    }

    /// <summary>The configuration to serve <paramref name="device"/> for <paramref name="name"/>: <paramref name="effective"/>
    /// itself when secure provisioning is off and the name is no secure directory, else the first or second stage, or a refusal.</summary>
    public async Task<SecureStage> ApplyAsync(ProfileRequestName name, DeviceRow device, EffectiveConfig effective,
        string? requestHost, string? remote, bool certified, CancellationToken cancellationToken)
    {
        var directory = DirectoryOf(name);
        var state = await store.GetForRequestAsync(device.Id, cancellationToken);
        var own = state is not null && directory is not null && string.Equals(directory, state.Directory, StringComparison.Ordinal);
        if (directory is not null && !own)
        {
            if (await store.GetByDirectoryAsync(directory, cancellationToken) is { } owner)
            {
                Log.WrongDevice(logger, device.Id, owner.DeviceId, remote);
                return new SecureStage(null, WrongDevice(name));
            }
            if (state is not null)
            {
                // The directory before a rotation (or a guess): only the current one serves.
                Log.StaleDirectory(logger, device.Id, remote);
                return new SecureStage(null, new ProvisioningRefusal(StatusCodes.Status404NotFound,
                    $"No profile at '{name.Name}': this is not the device's current secure provisioning directory."));
            }
        }
        if (state is null)
        {
            return new SecureStage(effective, null);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var rule = urls.SecureRule(requestHost);
        if (own)
        {
            // The full-configuration step of the guides' SPC flow: the whole profile under the strong key, with the three
            // values that keep the phone on this path (a rotation reaches the phone only through the first stage).
            var second = CopyOf(effective);
            second.Apply(new ConfigScope(ConfigScopeKind.Device, device.Id), new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GPP_A"] = state.KeyText,
                ["GPP_B"] = state.Directory,
                ["Profile_Rule"] = rule,
                [ReservedKeys.EncryptionKey] = state.KeyText,
            });
            await store.MarkServedAsync(device.Id, state.Generation, secondStage: true, now, cancellationToken);
            Log.SecondStage(logger, device.Id, state.Generation, remote);
            return new SecureStage(second, null, Staged: true);
        }

        // Issue 16 §3: the key is released only to the device's verified certificate, or under a key only the device holds.
        var encryptedForDevice = !certified && secrets.MayEncryptFor(effective, device);
        if (!certified && !encryptedForDevice)
        {
            Log.FirstStageRefused(logger, device.Id, remote, "no verified client certificate names the device");
            return new SecureStage(null, new ProvisioningRefusal(StatusCodes.Status403Forbidden,
                $"'{name.Name}' carries the secure provisioning key of a device and is served only to that device: over HTTPS with its verified "
                + "client certificate, or (Acs:Provisioning:UnverifiedSecrets = EncryptPerDevice) encrypted with an encryption key set at the device's own scope."));
        }
        var first = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GPP_A"] = state.KeyText,
            ["GPP_B"] = state.Directory,
            ["Profile_Rule"] = rule,
        };
        if (effective.EncryptionKey is { } scopeKey)
        {
            // The phone's current rule may give --key for the scope's key: the first stage must be readable with it.
            first[ReservedKeys.EncryptionKey] = scopeKey;
        }
        var config = new EffectiveConfig();
        config.Apply(new ConfigScope(ConfigScopeKind.Device, device.Id), first);
        await store.MarkServedAsync(device.Id, state.Generation, secondStage: false, now, cancellationToken);
        Log.FirstStage(logger, device.Id, state.Generation, remote);
        return new SecureStage(config, null, Staged: true);
    }

    /// <summary>The first path segment when it has the shape of a secure directory (<c>/cfg/{directory}/file</c>), else null.</summary>
    public static string? DirectoryOf(ProfileRequestName name)
    {
        var slash = name.Name.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && SecureSecrets.LooksLikeDirectory(name.Name.AsSpan(0, slash)) ? name.Name[..slash] : null;
    }

    // The effective configuration may be shared between requests (ConfigCache): the second stage layers over a copy.
    private static EffectiveConfig CopyOf(EffectiveConfig effective)
    {
        var copy = new EffectiveConfig();
        var values = effective.Values.Values.Concat(effective.Settings.Values).ToLookup(v => v.Scope);
        foreach (var scope in effective.Scopes.Distinct())
        {
            copy.Apply(scope, values[scope].ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
        }
        return copy;
    }

    private static ProvisioningRefusal WrongDevice(ProfileRequestName name)
        => new(StatusCodes.Status403Forbidden, $"'{name.Name}' is refused: this secure provisioning directory belongs to another device.");

    private static partial class Log
    {
        [LoggerMessage(303, LogLevel.Information, "Secure provisioning: first stage (generation {Generation}) served to {DeviceId} at {Remote}")]
        public static partial void FirstStage(ILogger logger, string deviceId, long generation, string? remote);

        [LoggerMessage(304, LogLevel.Debug, "Secure provisioning: encrypted profile (generation {Generation}) served to {DeviceId} at {Remote}")]
        public static partial void SecondStage(ILogger logger, string deviceId, long generation, string? remote);

        [LoggerMessage(305, LogLevel.Warning, "Secure provisioning: first stage of {DeviceId} refused to {Remote}: {Reason}")]
        public static partial void FirstStageRefused(ILogger logger, string deviceId, string? remote, string reason);

        [LoggerMessage(306, LogLevel.Warning, "Secure provisioning: {Remote} asked for device {DeviceId} under the secure directory of {Owner}; refused")]
        public static partial void WrongDevice(ILogger logger, string deviceId, string owner, string? remote);

        [LoggerMessage(307, LogLevel.Information, "Secure provisioning: {Remote} asked for {DeviceId} under a directory that is not its current one (rotated or guessed); 404")]
        public static partial void StaleDirectory(ILogger logger, string deviceId, string? remote);
    }
}
