using TR069Acs.Server.Configuration;
using TR069Acs.Server.Files;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// Where the profile server asks this folder's features about a request: secure two-stage provisioning
/// (<see cref="SecureProfileGate"/>) and auto-registration (<see cref="AutoRegistration"/>).
/// </summary>
internal sealed class ProvisioningGate(SecureProfileGate secure, AutoRegistration autoRegistration)
{
    /// <summary>For a request that identifies no known device: a refusal when it asks under a device's secure directory,
    /// else the device auto-registration created (null when off or the request does not identify one).</summary>
    public async Task<(DeviceRow? Device, ProvisioningRefusal? Refusal)> ForUnknownDeviceAsync(ProfileRequest request, CiscoUserAgent? agent,
        CancellationToken cancellationToken)
    {
        if (await secure.CheckUnknownDeviceAsync(request.Name, request.Remote, cancellationToken) is { } refusal)
        {
            return (null, refusal);
        }
        return (await autoRegistration.RegisterAsync(request.Name, agent, request.Remote, cancellationToken), null);
    }

    /// <summary>The configuration to serve <paramref name="device"/>: its effective one, or its secure provisioning stage.</summary>
    /// <param name="request">The request.</param>
    /// <param name="device">The device the request identified.</param>
    /// <param name="effective">The device's effective configuration.</param>
    /// <param name="certified">True when a verified client certificate named the device: proof enough for the first stage.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<SecureStage> ForDeviceAsync(ProfileRequest request, DeviceRow device, EffectiveConfig effective, bool certified,
        CancellationToken cancellationToken)
        => secure.ApplyAsync(request.Name, device, effective, request.Host, request.Remote, certified, cancellationToken);
}
