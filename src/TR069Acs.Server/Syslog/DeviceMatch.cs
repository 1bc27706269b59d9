namespace TR069Acs.Server.Syslog;

/// <summary>The device a syslog message was attached to, and how it was found.</summary>
/// <param name="DeviceId">The device, or null when the message names none the ACS knows.</param>
/// <param name="By"><c>mac</c>, <c>serial</c> or <c>address</c> (the sender's address is the device's last one); null when unattached.</param>
internal readonly record struct DeviceMatch(string? DeviceId, string? By)
{
    public static DeviceMatch None => default;
}
