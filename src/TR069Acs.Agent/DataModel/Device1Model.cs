using System.Collections.Concurrent;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.DataModel;

/// <summary>The phone's data model (TR-106 root object, TR-104 VoiceService), generated per model and root from the
/// parameter catalogue: the standard paths the catalogue maps read and write flat parameters (DESIGN §7), every flat
/// parameter is also <c>X_CISCO_COM_FlatProfile.&lt;Name&gt;</c> under the root, and what the phone computes itself
/// (DeviceInfo, ParameterKey, ConnectionRequestURL …) stays in this table. The root is <c>Device.</c> (Device:1) or
/// <c>InternetGatewayDevice.</c> (TR-098, as SPA phones present themselves): the same objects under either, except the
/// LAN, which TR-098 models as <c>LANDevice.{i}</c>.</summary>
internal static partial class Device1Model
{
    private const ParameterType Text = ParameterType.String;
    private const ParameterType UInt = ParameterType.UnsignedInt;
    private const ParameterType Bool = ParameterType.Boolean;
    private const ParameterType Time = ParameterType.DateTime;

    private static readonly ValueRule Port = new(Min: 0, Max: 65535);
    private static readonly ValueRule Positive = new(Min: 1);
    private static readonly ValueRule String64 = new(MaxLength: 64);
    private static readonly ValueRule String256 = new(MaxLength: 256);
    private static readonly ValueRule LineState = new(Enumeration: ["Disabled", "Quiescent", "Enabled"]);

    private static readonly ConcurrentDictionary<(string Model, Tr069Root Root), DataModelDefinition> ByModel = new();

    /// <summary>The model used when <see cref="PhoneOptions.Model"/> is not in the catalogue.</summary>
    public const string FallbackModel = "CP-8841-3PCC";

    /// <summary>The definition of the default model (CP-8841-3PCC) under <c>Device.</c>.</summary>
    public static DataModelDefinition Definition => For(FallbackModel);

    /// <summary>The catalogue model behind <paramref name="modelName"/> (the fallback model when unknown).</summary>
    public static PhoneModel CatalogueModel(string modelName)
        => ParameterCatalogue.Default.TryGetModel(modelName, out var model) ? model : ParameterCatalogue.Default.GetModel(FallbackModel);

    /// <summary>The shared definition for a model under a root (built once per model, root and process).</summary>
    public static DataModelDefinition For(string modelName, Tr069Root root = Tr069Root.Device)
    {
        var model = CatalogueModel(modelName);
        return ByModel.GetOrAdd((model.Name, root), key => Build(ParameterCatalogue.Default.GetParameterSet(model), key.Root));
    }

    private static DataModelDefinition Build(ModelParameterSet flat, Tr069Root root)
    {
        var r = Tr069Roots.Prefix(root);
        var ms = r + "ManagementServer.";
        var info = r + "DeviceInfo.";
        var voice = r + "Services.VoiceService.{i}.";
        var profile = voice + "VoiceProfile.{i}.";
        var line = profile + "Line.{i}.";
        var (lanTables, lan) = Lan(root);
        return new(
            ms + "ParameterKey",
            [
                new ObjectDefinition(r + "Services.VoiceService.", Writable: false, DefaultInstances: 1, MaxInstances: 1,
                    r + "Services.VoiceServiceNumberOfEntries"),
                // DESIGN §7: extension n is VoiceProfile.{n}.Line.1.
                new ObjectDefinition(voice + "VoiceProfile.", Writable: false, DefaultInstances: flat.Model.Lines, MaxInstances: flat.Model.Lines,
                    voice + "VoiceProfileNumberOfEntries"),
                new ObjectDefinition(profile + "Line.", Writable: true, DefaultInstances: 1, MaxInstances: 8,
                    profile + "LineNumberOfEntries"),
                .. lanTables,
            ],
            WithFlatParameters(flat, root,
            [
                // TR-106 3.7 / TR-098 2.1: DeviceSummary names the supported profiles.
                new(r + "DeviceSummary", Text, false, root == Tr069Root.Device
                        ? "Device:1.4[](Baseline:2), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)"
                        : "InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)",
                    ForcedInform: true),

                new(info + "Manufacturer", Text, false, "Cisco Systems, Inc."),
                new(info + "ManufacturerOUI", Text, false, PhoneVariables.Oui, Dynamic: true),
                new(info + "ModelName", Text, false, PhoneVariables.Model, Dynamic: true),
                new(info + "Description", Text, false, "Cisco IP Phone"),
                new(info + "ProductClass", Text, false, PhoneVariables.Model, Dynamic: true),
                new(info + "SerialNumber", Text, false, PhoneVariables.Serial, Dynamic: true),
                new(info + "HardwareVersion", Text, false, PhoneVariables.HardwareVersion, Dynamic: true, ForcedInform: true),
                // TR-106: SoftwareVersion and ProvisioningCode have active notification on by default.
                new(info + "SoftwareVersion", Text, false, PhoneVariables.SoftwareVersion, Dynamic: true, ForcedInform: true,
                    DefaultNotification: 2),
                new(info + "ProvisioningCode", Text, true, "", ForcedInform: true, DefaultNotification: 2, Rule: String64),
                new(info + "UpTime", UInt, false, PhoneVariables.UpTime, Dynamic: true, Notification: NotificationPolicy.ActiveDenied),

                new(ms + "URL", Text, true, PhoneVariables.AcsUrl, Rule: new ValueRule(MaxLength: 256, HttpUrl: true)),
                new(ms + "Username", Text, true, PhoneVariables.AcsUsername, Rule: String256),
                new(ms + "Password", Text, true, PhoneVariables.AcsPassword, Secret: true, Rule: String256),
                new(ms + "PeriodicInformEnable", Bool, true, PhoneVariables.PeriodicInformEnable),
                new(ms + "PeriodicInformInterval", UInt, true, PhoneVariables.PeriodicInformInterval, Rule: Positive),
                new(ms + "PeriodicInformTime", Time, true, "0001-01-01T00:00:00Z"),
                new(ms + "ParameterKey", Text, false, "", ForcedInform: true, Rule: new ValueRule(MaxLength: 32)),
                // TR-106: the ACS must always learn a new ConnectionRequestURL, so its notification cannot be turned off.
                new(ms + "ConnectionRequestURL", Text, false, PhoneVariables.ConnectionRequestUrl, Dynamic: true, ForcedInform: true,
                    DefaultNotification: 2, Notification: NotificationPolicy.ForcedActive),
                new(ms + "ConnectionRequestUsername", Text, true, PhoneVariables.ConnectionRequestUsername, Rule: String256),
                new(ms + "ConnectionRequestPassword", Text, true, PhoneVariables.ConnectionRequestPassword, Secret: true, Rule: String256),
                new(ms + "UpgradesManaged", Bool, true, "false"),
                new(ms + "CWMPRetryMinimumWaitInterval", UInt, true, PhoneVariables.RetryMinimumWait, Rule: new ValueRule(Min: 1, Max: 65535)),
                new(ms + "CWMPRetryIntervalMultiplier", UInt, true, PhoneVariables.RetryMultiplier, Rule: new ValueRule(Min: 1000, Max: 65535)),

                new(r + "Time.Enable", Bool, true, "true"),
                new(r + "Time.Status", Text, false, "Synchronized"),
                new(r + "Time.NTPServer1", Text, true, "0.pool.ntp.org", Rule: String64),
                new(r + "Time.NTPServer2", Text, true, "", Rule: String64),
                new(r + "Time.CurrentLocalTime", Time, false, PhoneVariables.Now, Dynamic: true, Notification: NotificationPolicy.ActiveDenied),
                new(r + "Time.LocalTimeZone", Text, true, "UTC0", Rule: String256),

                .. lan,

                new(r + "Services.VoiceServiceNumberOfEntries", UInt, false),
                new(voice + "VoiceProfileNumberOfEntries", UInt, false),
                new(profile + "Enable", Text, true, "Enabled", Rule: LineState),
                new(profile + "SIP.ProxyServer", Text, true, "", Rule: String256),
                new(profile + "SIP.ProxyServerPort", UInt, true, "5060", Rule: Port),
                new(profile + "SIP.OutboundProxy", Text, true, "", Rule: String256),
                new(profile + "SIP.RegisterExpires", UInt, true, "3600", Rule: Positive),
                new(profile + "SIP.UserAgentPort", UInt, true, "5060", Rule: Port),
                new(profile + "LineNumberOfEntries", UInt, false),
                new(line + "Enable", Text, true, "Enabled", Rule: LineState),
                new(line + "DirectoryNumber", Text, true, "", Rule: new ValueRule(MaxLength: 32)),
                new(line + "SIP.AuthUserName", Text, true, "", Rule: new ValueRule(MaxLength: 128)),
                new(line + "SIP.AuthPassword", Text, true, "", Secret: true, Rule: new ValueRule(MaxLength: 128)),
                new(line + "CallingFeatures.CallerIDName", Text, true, "", Rule: String256),
            ]))
        {
            Flat = flat,
            RootObject = r,
            ManagementServer = ms,
        };
    }
}
