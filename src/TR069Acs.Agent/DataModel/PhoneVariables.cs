namespace TR069Acs.Agent.DataModel;

/// <summary>Per-phone variables a definition's default can name (resolved by <see cref="IParameterEnvironment"/>).</summary>
/// <remarks>The names follow the phone's own macro language where one exists (<c>$SN</c>, <c>$MA</c>, <c>$SWVER</c>,
/// <c>$HWVER</c>, DESIGN §6).</remarks>
internal static class PhoneVariables
{
    public const string Oui = "$OUI";
    public const string Model = "$PN";
    public const string Serial = "$SN";
    public const string MacWithColons = "$MAC";
    public const string HardwareVersion = "$HWVER";
    public const string SoftwareVersion = "$SWVER";
    public const string UpTime = "$UPTIME";
    public const string Now = "$NOW";
    public const string IpAddress = "$IP";
    public const string AcsUrl = "$ACSURL";
    public const string AcsUsername = "$ACSUSER";
    public const string AcsPassword = "$ACSPASS";
    public const string PeriodicInformEnable = "$PIENABLE";
    public const string PeriodicInformInterval = "$PIINTERVAL";
    public const string RetryMinimumWait = "$RETRYMIN";
    public const string RetryMultiplier = "$RETRYMULT";
    public const string ConnectionRequestUrl = "$CRURL";
    public const string ConnectionRequestUsername = "$CRUSER";
    public const string ConnectionRequestPassword = "$CRPASS";
}
