namespace TR069Acs.Server.Syslog;

/// <summary>Something in a syslog message that may name its device.</summary>
/// <param name="IsMac">True for a MAC (<see cref="Value"/> is 12 lower-case hex digits), false for a serial-number candidate.</param>
/// <param name="Value">The normalised MAC or the word that may be a serial number.</param>
internal readonly record struct DeviceClue(bool IsMac, string Value);
