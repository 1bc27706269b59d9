using System.Collections.Concurrent;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.DataModel;

/// <summary>The phone's Device:1 data model (TR-106 root object, TR-104 VoiceService), generated per model from the
/// parameter catalogue: the standard paths the catalogue maps read and write flat parameters (DESIGN §7), every flat
/// parameter is also <c>Device.X_CISCO_COM_FlatProfile.&lt;Name&gt;</c>, and what the phone computes itself
/// (DeviceInfo, ParameterKey, ConnectionRequestURL …) stays in this table.</summary>
internal static partial class Device1Model
{
    private const ParameterType Text = ParameterType.String;
    private const ParameterType UInt = ParameterType.UnsignedInt;
    private const ParameterType Bool = ParameterType.Boolean;
    private const ParameterType Time = ParameterType.DateTime;

    private const string Ms = "Device.ManagementServer.";
    private const string Info = "Device.DeviceInfo.";
    private const string Voice = "Device.Services.VoiceService.{i}.";
    private const string Profile = Voice + "VoiceProfile.{i}.";
    private const string Line = Profile + "Line.{i}.";

    private static readonly ValueRule Port = new(Min: 0, Max: 65535);
    private static readonly ValueRule Positive = new(Min: 1);
    private static readonly ValueRule String64 = new(MaxLength: 64);
    private static readonly ValueRule String256 = new(MaxLength: 256);
    private static readonly ValueRule LineState = new(Enumeration: ["Disabled", "Quiescent", "Enabled"]);

    private static readonly ConcurrentDictionary<string, DataModelDefinition> ByModel = new(StringComparer.Ordinal);

    /// <summary>The model used when <see cref="PhoneOptions.Model"/> is not in the catalogue.</summary>
    public const string FallbackModel = "CP-8841-3PCC";

    /// <summary>The definition of the default model (CP-8841-3PCC).</summary>
    public static DataModelDefinition Definition => For(FallbackModel);

    /// <summary>The catalogue model behind <paramref name="modelName"/> (the fallback model when unknown).</summary>
    public static PhoneModel CatalogueModel(string modelName)
        => ParameterCatalogue.Default.TryGetModel(modelName, out var model) ? model : ParameterCatalogue.Default.GetModel(FallbackModel);

    /// <summary>The shared definition for a model (built once per model and process).</summary>
    public static DataModelDefinition For(string modelName)
    {
        var model = CatalogueModel(modelName);
        return ByModel.GetOrAdd(model.Name, _ => Build(ParameterCatalogue.Default.GetParameterSet(model)));
    }

    /// <summary>The MAC address parameter, sent in every Inform so that the ACS can show it.</summary>
    public const string MacAddress = "Device.LAN.MACAddress";

    private static DataModelDefinition Build(ModelParameterSet flat) => new(
        Ms + "ParameterKey",
        [
            new ObjectDefinition("Device.Services.VoiceService.", Writable: false, DefaultInstances: 1, MaxInstances: 1,
                "Device.Services.VoiceServiceNumberOfEntries"),
            // DESIGN §7: extension n is VoiceProfile.{n}.Line.1.
            new ObjectDefinition(Voice + "VoiceProfile.", Writable: false, DefaultInstances: flat.Model.Lines, MaxInstances: flat.Model.Lines,
                Voice + "VoiceProfileNumberOfEntries"),
            new ObjectDefinition(Profile + "Line.", Writable: true, DefaultInstances: 1, MaxInstances: 8,
                Profile + "LineNumberOfEntries"),
        ],
        WithFlatParameters(flat,
        [
            // TR-106 3.7: DeviceSummary names the supported profiles.
            new("Device.DeviceSummary", Text, false, "Device:1.4[](Baseline:2), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)",
                ForcedInform: true),

            new(Info + "Manufacturer", Text, false, "Cisco Systems, Inc."),
            new(Info + "ManufacturerOUI", Text, false, PhoneVariables.Oui, Dynamic: true),
            new(Info + "ModelName", Text, false, PhoneVariables.Model, Dynamic: true),
            new(Info + "Description", Text, false, "Cisco IP Phone"),
            new(Info + "ProductClass", Text, false, PhoneVariables.Model, Dynamic: true),
            new(Info + "SerialNumber", Text, false, PhoneVariables.Serial, Dynamic: true),
            new(Info + "HardwareVersion", Text, false, PhoneVariables.HardwareVersion, Dynamic: true, ForcedInform: true),
            // TR-106: SoftwareVersion and ProvisioningCode have active notification on by default.
            new(Info + "SoftwareVersion", Text, false, PhoneVariables.SoftwareVersion, Dynamic: true, ForcedInform: true,
                DefaultNotification: 2),
            new(Info + "ProvisioningCode", Text, true, "", ForcedInform: true, DefaultNotification: 2, Rule: String64),
            new(Info + "UpTime", UInt, false, PhoneVariables.UpTime, Dynamic: true, Notification: NotificationPolicy.ActiveDenied),

            new(Ms + "URL", Text, true, PhoneVariables.AcsUrl, Rule: new ValueRule(MaxLength: 256, HttpUrl: true)),
            new(Ms + "Username", Text, true, PhoneVariables.AcsUsername, Rule: String256),
            new(Ms + "Password", Text, true, PhoneVariables.AcsPassword, Secret: true, Rule: String256),
            new(Ms + "PeriodicInformEnable", Bool, true, PhoneVariables.PeriodicInformEnable),
            new(Ms + "PeriodicInformInterval", UInt, true, PhoneVariables.PeriodicInformInterval, Rule: Positive),
            new(Ms + "PeriodicInformTime", Time, true, "0001-01-01T00:00:00Z"),
            new(Ms + "ParameterKey", Text, false, "", ForcedInform: true, Rule: new ValueRule(MaxLength: 32)),
            // TR-106: the ACS must always learn a new ConnectionRequestURL, so its notification cannot be turned off.
            new(Ms + "ConnectionRequestURL", Text, false, PhoneVariables.ConnectionRequestUrl, Dynamic: true, ForcedInform: true,
                DefaultNotification: 2, Notification: NotificationPolicy.ForcedActive),
            new(Ms + "ConnectionRequestUsername", Text, true, PhoneVariables.ConnectionRequestUsername, Rule: String256),
            new(Ms + "ConnectionRequestPassword", Text, true, PhoneVariables.ConnectionRequestPassword, Secret: true, Rule: String256),
            new(Ms + "UpgradesManaged", Bool, true, "false"),
            new(Ms + "CWMPRetryMinimumWaitInterval", UInt, true, PhoneVariables.RetryMinimumWait, Rule: new ValueRule(Min: 1, Max: 65535)),
            new(Ms + "CWMPRetryIntervalMultiplier", UInt, true, PhoneVariables.RetryMultiplier, Rule: new ValueRule(Min: 1000, Max: 65535)),

            new("Device.Time.Enable", Bool, true, "true"),
            new("Device.Time.Status", Text, false, "Synchronized"),
            new("Device.Time.NTPServer1", Text, true, "0.pool.ntp.org", Rule: String64),
            new("Device.Time.NTPServer2", Text, true, "", Rule: String64),
            new("Device.Time.CurrentLocalTime", Time, false, PhoneVariables.Now, Dynamic: true, Notification: NotificationPolicy.ActiveDenied),
            new("Device.Time.LocalTimeZone", Text, true, "UTC0", Rule: String256),

            new("Device.LAN.AddressingType", Text, false, "DHCP"),
            new("Device.LAN.IPAddress", Text, false, PhoneVariables.IpAddress, Dynamic: true),
            new(MacAddress, Text, false, PhoneVariables.MacWithColons, Dynamic: true, ForcedInform: true),

            new("Device.Services.VoiceServiceNumberOfEntries", UInt, false),
            new(Voice + "VoiceProfileNumberOfEntries", UInt, false),
            new(Profile + "Enable", Text, true, "Enabled", Rule: LineState),
            new(Profile + "SIP.ProxyServer", Text, true, "", Rule: String256),
            new(Profile + "SIP.ProxyServerPort", UInt, true, "5060", Rule: Port),
            new(Profile + "SIP.OutboundProxy", Text, true, "", Rule: String256),
            new(Profile + "SIP.RegisterExpires", UInt, true, "3600", Rule: Positive),
            new(Profile + "SIP.UserAgentPort", UInt, true, "5060", Rule: Port),
            new(Profile + "LineNumberOfEntries", UInt, false),
            new(Line + "Enable", Text, true, "Enabled", Rule: LineState),
            new(Line + "DirectoryNumber", Text, true, "", Rule: new ValueRule(MaxLength: 32)),
            new(Line + "SIP.AuthUserName", Text, true, "", Rule: new ValueRule(MaxLength: 128)),
            new(Line + "SIP.AuthPassword", Text, true, "", Secret: true, Rule: new ValueRule(MaxLength: 128)),
            new(Line + "CallingFeatures.CallerIDName", Text, true, "", Rule: String256),
        ])) { Flat = flat };
}
