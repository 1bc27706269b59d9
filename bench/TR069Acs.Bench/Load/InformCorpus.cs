using TR069Acs.Cwmp;

namespace TR069Acs.Bench.Load;

/// <summary>Pre-serialised periodic Informs, one per simulated phone, so the client spends no time building XML.</summary>
internal static class InformCorpus
{
    public static byte[][] Build(int devices)
    {
        var result = new byte[devices][];
        for (var i = 0; i < devices; i++)
        {
            result[i] = CwmpWriter.WriteToArray(new CwmpEnvelope(CwmpVersion.V1_2, new CwmpHeader(Id: $"bench-{i}"), Create(i)));
        }
        return result;
    }

    /// <summary>A periodic Inform with 20 parameters, shaped like a 3PCC phone's.</summary>
    public static Inform Create(int i)
    {
        var serial = $"FCH{i:D8}";
        var mac = $"0023EB{i:X6}";
        var p = new List<ParameterValue>
        {
            new("Device.DeviceInfo.Manufacturer", "Cisco Systems, Inc."),
            new("Device.DeviceInfo.ManufacturerOUI", "0023EB"),
            new("Device.DeviceInfo.ModelName", "CP-8841-3PCC"),
            new("Device.DeviceInfo.ProductClass", "CP-8841-3PCC"),
            new("Device.DeviceInfo.SerialNumber", serial),
            new("Device.DeviceInfo.HardwareVersion", "V04"),
            new("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1-0001-1"),
            new("Device.DeviceInfo.ProvisioningCode", ""),
            new("Device.DeviceInfo.UpTime", (86400 + i).ToString(), "xsd:unsignedInt"),
            new("Device.ManagementServer.ParameterKey", ""),
            new("Device.ManagementServer.ConnectionRequestURL", $"http://127.0.0.1:1/cr/{serial}"),
            new("Device.ManagementServer.PeriodicInformEnable", "true", "xsd:boolean"),
            new("Device.ManagementServer.PeriodicInformInterval", "86400", "xsd:unsignedInt"),
            new("Device.LAN.MACAddress", mac),
            new("Device.LAN.IPAddress", $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"),
            new("Device.Time.NTPServer1", "pool.ntp.org"),
            new("Device.Time.LocalTimeZone", "CET-1CEST,M3.5.0,M10.5.0/3"),
            new("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.Enable", "Enabled"),
            new("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber", $"+4930{i:D7}"),
            new("Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServer", "sip.example.net"),
        };
        return new Inform(
            new DeviceId("Cisco Systems, Inc.", "0023EB", "CP-8841-3PCC", serial),
            [new EventStruct(EventCodes.Periodic)],
            1,
            DateTimeOffset.UtcNow,
            0,
            p);
    }
}
