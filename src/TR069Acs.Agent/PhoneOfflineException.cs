namespace TR069Acs.Agent;

/// <summary>A session was asked of a phone that is not online: it is rebooting (perhaps because a session it opened on
/// its own ran a Reboot or FactoryReset first), or its fleet has not started.</summary>
public sealed class PhoneOfflineException(string deviceId)
    : InvalidOperationException($"Phone {deviceId} is not online (rebooting, or the fleet has not started).")
{
    /// <summary>The phone's device id.</summary>
    public string DeviceId { get; } = deviceId;
}
