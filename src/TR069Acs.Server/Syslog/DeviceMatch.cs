namespace TR069Acs.Server.Syslog;

/// <summary>The device a syslog message was attached to, and how it was found.</summary>
/// <param name="DeviceId">The device, or null when the message names none the ACS knows.</param>
/// <param name="By"><c>mac</c>, <c>serial</c> or <c>address</c> (the sender's address is the device's last one); null when unattached.</param>
/// <param name="Verified">Issue 16 §6: the sender's address is the device's last known one (its last Inform or profile fetch),
/// so the message may change the device's status; false for a message from anywhere else and for an unattached one.</param>
internal readonly record struct DeviceMatch(string? DeviceId, string? By, bool Verified = false)
{
    public static DeviceMatch None => default;
}
