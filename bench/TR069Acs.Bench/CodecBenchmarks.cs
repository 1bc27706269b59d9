using System.Buffers;
using BenchmarkDotNet.Attributes;
using TR069Acs.Cwmp;

namespace TR069Acs.Bench;

/// <summary>The CWMP codec on the messages of every session: parsing the periodic Inform (target: at most 20 µs
/// for 20 parameters, issue 2 §8), writing it (the agent's side) and writing a GetParameterValues (the ACS's side).</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private CwmpEnvelope _inform = null!;
    private CwmpEnvelope _getParameterValues = null!;
    private byte[] _informBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inform = new CwmpEnvelope(CwmpVersion.V1_2, new CwmpHeader(Id: "1732356000123"), CreateInform20());
        _informBytes = CwmpWriter.WriteToArray(_inform);
        _getParameterValues = new CwmpEnvelope(CwmpVersion.V1_2, new CwmpHeader(Id: "acs-42"), new GetParameterValues(
        [
            "Device.DeviceInfo.SoftwareVersion",
            "Device.ManagementServer.PeriodicInformInterval",
            "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.SIP.AuthUserName",
            "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber",
            "Device.Time.NTPServer1",
        ]));
    }

    [Benchmark]
    public CwmpEnvelope ParseInform20() => CwmpReader.Read(_informBytes);

    [Benchmark]
    public int WriteInform20()
    {
        _output.ResetWrittenCount();
        CwmpWriter.Write(_inform, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int WriteGetParameterValues()
    {
        _output.ResetWrittenCount();
        CwmpWriter.Write(_getParameterValues, _output);
        return _output.WrittenCount;
    }

    /// <summary>A periodic Inform as a 3PCC phone sends it: 1 BOOT and 2 PERIODIC, 20 parameters of mixed types.</summary>
    public static Inform CreateInform20() => new(
        new DeviceId("Cisco Systems, Inc.", "0023EB", "CP-8841-3PCC", "FCH2026A1B2"),
        [new EventStruct(EventCodes.Boot), new EventStruct(EventCodes.Periodic)],
        1,
        new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        0,
        [
            new("Device.DeviceSummary", "Device:1.0[](Baseline:1, VoiceService:1.0[1](Endpoint:1))"),
            new("Device.DeviceInfo.Manufacturer", "Cisco Systems, Inc."),
            new("Device.DeviceInfo.ManufacturerOUI", "0023EB"),
            new("Device.DeviceInfo.ModelName", "CP-8841-3PCC"),
            new("Device.DeviceInfo.ProductClass", "CP-8841-3PCC"),
            new("Device.DeviceInfo.SerialNumber", "FCH2026A1B2"),
            new("Device.DeviceInfo.HardwareVersion", "V04"),
            new("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1-0001-1"),
            new("Device.DeviceInfo.ProvisioningCode", ""),
            new("Device.DeviceInfo.UpTime", "86400", "xsd:unsignedInt"),
            new("Device.ManagementServer.ParameterKey", "task-17"),
            new("Device.ManagementServer.ConnectionRequestURL", "http://10.20.30.40:7547/cr/FCH2026A1B2"),
            new("Device.ManagementServer.PeriodicInformEnable", "1", "xsd:boolean"),
            new("Device.ManagementServer.PeriodicInformInterval", "86400", "xsd:unsignedInt"),
            new("Device.LAN.MACAddress", "00:23:EB:12:34:56"),
            new("Device.LAN.IPAddress", "10.20.30.40"),
            new("Device.Time.NTPServer1", "pool.ntp.org"),
            new("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.Enable", "Enabled"),
            new("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber", "+49301234567"),
            new("Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServer", "sip.example.net"),
        ]);
}
