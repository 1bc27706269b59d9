using Microsoft.Extensions.Logging;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// Turns secure two-stage provisioning on, rotates and off for a device (the operator's side of the SPC flow of the
/// guides). The key is 256 random bits as 64 hex digits (the phone's <c>--key</c>, so <c>openssl enc -k KEY -md md5</c>
/// reads what is served); the directory is 144 random bits, URL-safe. Neither is ever logged; logs carry the key's
/// fingerprint and generation.
/// </summary>
internal sealed partial class SecureProvisioningService(SecureProvisioningStore store, TimeProvider time, ILogger<SecureProvisioningService> logger)
{
    /// <summary>The device's state, or null when secure provisioning is off.</summary>
    public Task<SecureProvisioningState?> GetAsync(DeviceRow device, CancellationToken cancellationToken) => store.GetAsync(device.Id, cancellationToken);

    /// <summary>Turns secure provisioning on (new key and directory), or, when it is on, rotates both if
    /// <paramref name="rotate"/> and otherwise leaves them. Created is true when it was off.</summary>
    public async Task<(SecureProvisioningState State, bool Created)> EnableAsync(DeviceRow device, bool rotate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var key = SecureSecrets.NewKey();
        var directory = SecureSecrets.NewDirectory();
        if (await store.InsertAsync(device.Id, key, directory, now, cancellationToken))
        {
            Log.Enabled(logger, device.Id, SecureSecrets.Fingerprint(key));
            return (await store.GetAsync(device.Id, cancellationToken) ?? throw Vanished(device), true);
        }
        if (rotate && await store.RotateAsync(device.Id, key, directory, now, cancellationToken))
        {
            var rotated = await store.GetAsync(device.Id, cancellationToken) ?? throw Vanished(device);
            Log.Rotated(logger, device.Id, rotated.Generation, SecureSecrets.Fingerprint(key));
            return (rotated, false);
        }
        // On already and no rotation asked for (or turned off between the two statements: enable again).
        return await store.GetAsync(device.Id, cancellationToken) is { } current ? (current, false) : await EnableAsync(device, rotate: false, cancellationToken);
    }

    /// <summary>Turns secure provisioning off: the device's usual profile name serves its profile again. False when it was off.</summary>
    public async Task<bool> DisableAsync(DeviceRow device, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(device.Id, cancellationToken);
        if (deleted)
        {
            Log.Disabled(logger, device.Id);
        }
        return deleted;
    }

    private static InvalidOperationException Vanished(DeviceRow device)
        => new($"The secure provisioning of {device.Id} was removed while it was being changed; try again.");

    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "Secure provisioning enabled for {DeviceId}: key {Fingerprint}")]
        public static partial void Enabled(ILogger logger, string deviceId, string fingerprint);

        [LoggerMessage(301, LogLevel.Information, "Secure provisioning of {DeviceId} rotated to generation {Generation}: key {Fingerprint}; the old directory is no longer served")]
        public static partial void Rotated(ILogger logger, string deviceId, long generation, string fingerprint);

        [LoggerMessage(302, LogLevel.Information, "Secure provisioning disabled for {DeviceId}")]
        public static partial void Disabled(ILogger logger, string deviceId);
    }
}
