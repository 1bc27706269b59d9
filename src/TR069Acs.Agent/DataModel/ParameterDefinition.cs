namespace TR069Acs.Agent.DataModel;

/// <summary>One parameter of the data model definition, shared by every phone.</summary>
/// <param name="Path">Full name with <c>{i}</c> for instance numbers, e.g.
/// <c>Device.Services.VoiceService.1.VoiceProfile.{i}.Line.{i}.Enable</c>.</param>
/// <param name="Type">The TR-069 data type.</param>
/// <param name="Writable">Whether SetParameterValues may change it.</param>
/// <param name="Default">The factory value. A value starting with <c>$</c> names a per-phone variable
/// (<c>$SN</c>, <c>$ACSURL</c> …) resolved by <see cref="IParameterEnvironment"/>.</param>
/// <param name="Dynamic">The value is never stored: it is the variable named by <paramref name="Default"/> read at the
/// time of the request (UpTime, SoftwareVersion, ConnectionRequestURL).</param>
/// <param name="Secret">Write-only (a password): reads return the empty string (TR-069 A.3.2.2).</param>
/// <param name="ForcedInform">Sent in every Inform (TR-106 "Forced Inform").</param>
/// <param name="DefaultNotification">Notification attribute before the ACS changes it: 0 off, 1 passive, 2 active.</param>
/// <param name="Notification">Which notification settings the phone accepts.</param>
/// <param name="Rule">Value constraints beyond the type, or null.</param>
/// <param name="Flat">Set when the value is a flat parameter's (the catalogue mapping); null for values the data model
/// stores itself.</param>
internal sealed record ParameterDefinition(
    string Path,
    ParameterType Type,
    bool Writable,
    string Default = "",
    bool Dynamic = false,
    bool Secret = false,
    bool ForcedInform = false,
    int DefaultNotification = 0,
    NotificationPolicy Notification = NotificationPolicy.Normal,
    ValueRule? Rule = null,
    FlatLink? Flat = null)
{
    /// <summary>The xsi:type of the value on the wire.</summary>
    public string XsdType => ParameterTypes.ToXsd(Type);
}
