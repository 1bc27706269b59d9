using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.DataModel;

internal static partial class Device1Model
{
    /// <summary>The phone's one LAN interface: TR-106 <c>Device.LAN</c> (Baseline), or under TR-098 the
    /// <c>LANDevice.1</c> with one Ethernet interface and one IP interface (EthernetLAN profile). Its MACAddress is
    /// sent in every Inform so that the ACS can show it and find pre-registered devices by it.</summary>
    private static (ObjectDefinition[] Tables, ParameterDefinition[] Parameters) Lan(Tr069Root root)
    {
        if (root == Tr069Root.Device)
        {
            return ([],
            [
                new("Device.LAN.AddressingType", Text, false, "DHCP"),
                new("Device.LAN.IPAddress", Text, false, PhoneVariables.IpAddress, Dynamic: true),
                new("Device.LAN.MACAddress", Text, false, PhoneVariables.MacWithColons, Dynamic: true, ForcedInform: true),
            ]);
        }
        const string Igd = Tr069Roots.InternetGatewayDevicePrefix;
        const string Lan = Igd + "LANDevice.{i}.";
        const string Host = Lan + "LANHostConfigManagement.";
        return (
        [
            new ObjectDefinition(Igd + "LANDevice.", Writable: false, DefaultInstances: 1, MaxInstances: 1, Igd + "LANDeviceNumberOfEntries"),
            new ObjectDefinition(Lan + "LANEthernetInterfaceConfig.", Writable: false, DefaultInstances: 1, MaxInstances: 1,
                Lan + "LANEthernetInterfaceNumberOfEntries"),
            new ObjectDefinition(Host + "IPInterface.", Writable: false, DefaultInstances: 1, MaxInstances: 1, Host + "IPInterfaceNumberOfEntries"),
        ],
        [
            new(Igd + "LANDeviceNumberOfEntries", UInt, false),
            new(Lan + "LANEthernetInterfaceNumberOfEntries", UInt, false),
            new(Lan + "LANEthernetInterfaceConfig.{i}.Enable", Bool, false, "true"),
            new(Lan + "LANEthernetInterfaceConfig.{i}.Status", Text, false, "Up"),
            new(Lan + "LANEthernetInterfaceConfig.{i}.MACAddress", Text, false, PhoneVariables.MacWithColons, Dynamic: true, ForcedInform: true),
            new(Host + "IPInterfaceNumberOfEntries", UInt, false),
            new(Host + "IPInterface.{i}.Enable", Bool, false, "true"),
            new(Host + "IPInterface.{i}.IPInterfaceIPAddress", Text, false, PhoneVariables.IpAddress, Dynamic: true),
            new(Host + "IPInterface.{i}.IPInterfaceAddressingType", Text, false, "DHCP"),
        ]);
    }
}
