using Microsoft.Extensions.Logging;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Files;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// <c>Acs:AutoRegistration</c> = <c>Bootstrap</c>: an unknown device whose profile request identifies it (MAC, serial and a
/// catalogue model, from the file name and the User-Agent) is pre-registered with the tag <c>auto</c>; the file server then
/// serves it its effective configuration (global, model and <c>tag:auto</c> scopes) instead of 404. Off keeps the 404.
/// </summary>
/// <remarks>Anyone who can reach the file server can make the ACS register devices in Bootstrap mode; use it on networks
/// where the phones are the clients (or behind client certificates).</remarks>
internal sealed partial class AutoRegistration(
    AcsOptions options,
    DeviceDirectory directory,
    ConfigService config,
    ParameterCatalogue catalogue,
    ILogger<AutoRegistration> logger)
{
    /// <summary>The tag auto-registered devices carry: its scope is the bootstrap configuration.</summary>
    public const string Tag = "auto";

    /// <summary>True when auto-registration is on.</summary>
    public bool Enabled => options.AutoRegistration == AutoRegistrationMode.Bootstrap;

    /// <summary>Registers the device a profile request identifies; null when auto-registration is off or the request does not
    /// identify a device well enough (logged).</summary>
    public async Task<DeviceRow?> RegisterAsync(ProfileRequestName name, CiscoUserAgent? agent, string? remote, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }
        var claim = DeviceClaim.From(name.Mac, agent, catalogue);
        if (!claim.IsComplete)
        {
            Log.NotIdentified(logger, name.Name, remote, claim.Missing);
            return null;
        }
        DeviceRow device;
        try
        {
            device = await directory.PreRegisterAsync(claim.Mac, claim.Serial, claim.Model, cancellationToken);
        }
        catch (DeviceConflictException ex)
        {
            // A concurrent request of the same phone registered it first; anything else (its serial is another MAC's
            // device) is no device of this name.
            if (await directory.FindByMacAsync(claim.Mac!, cancellationToken) is { } registered)
            {
                return registered;
            }
            Log.Conflict(logger, name.Name, remote, ex.Message);
            return null;
        }
        await config.SetTagsAsync(device, [Tag], cancellationToken);
        Log.Registered(logger, device.Id, remote, name.Name);
        return device;
    }

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Information, "Auto-registration: {DeviceId} registered with tag auto on its request for {Name} from {Remote}")]
        public static partial void Registered(ILogger logger, string deviceId, string? remote, string name);

        [LoggerMessage(312, LogLevel.Warning, "Auto-registration: the request for {Name} from {Remote} conflicts with a registered device ({Error}); 404")]
        public static partial void Conflict(ILogger logger, string name, string? remote, string error);

        [LoggerMessage(311, LogLevel.Information, "Auto-registration: the request for {Name} from {Remote} does not identify a device (missing {Missing}); 404")]
        public static partial void NotIdentified(ILogger logger, string name, string? remote, string missing);
    }
}
