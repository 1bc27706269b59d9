using TR069Acs.Cwmp;

namespace TR069Acs.Cwmp.Tests.Support;

/// <summary>One realistic instance of every message the codec knows, requests and responses, in both directions.</summary>
public static class Samples
{
    private static readonly DateTimeOffset _start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset _complete = new(2026, 11, 23, 10, 0, 42, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, CwmpMessage> All = Build();

    /// <summary>The names of <see cref="All"/>, for [MemberData].</summary>
    public static TheoryData<string> Names => [.. All.Keys];

    /// <summary>Every sample paired with every CWMP version.</summary>
    public static TheoryData<string, CwmpVersion> NamesAndVersions
    {
        get
        {
            var data = new TheoryData<string, CwmpVersion>();
            foreach (var name in All.Keys)
            {
                foreach (var version in Enum.GetValues<CwmpVersion>())
                {
                    data.Add(name, version);
                }
            }
            return data;
        }
    }

    public static Inform Inform(int parameters = 3) => new(
        new DeviceId("Cisco Systems, Inc.", "0023EB", "CP-8841-3PCC", "FCH12345678"),
        [new EventStruct(EventCodes.Boot), new EventStruct(EventCodes.MReboot, "reboot-42")],
        1,
        _start,
        2,
        [.. Enumerable.Range(0, parameters).Select(i => i switch
        {
            0 => new ParameterValue("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1-0001-1"),
            1 => new ParameterValue("Device.DeviceInfo.UpTime", "86400", "xsd:unsignedInt"),
            2 => new ParameterValue("Device.ManagementServer.PeriodicInformEnable", "1", "xsd:boolean"),
            _ => new ParameterValue($"Device.X_CISCO_COM_FlatProfile.GPP_{i}", $"value {i}"),
        })]);

    private static Dictionary<string, CwmpMessage> Build()
    {
        CwmpMessage[] messages =
        [
            Inform(),
            new InformResponse(),
            new TransferComplete("fw-2026-11", FaultStruct.None, _start, _complete),
            new TransferComplete("fw-2026-12", new FaultStruct(FaultCodes.DownloadFailureContactServer, "connection refused"), _start, _complete),
            new TransferCompleteResponse(),
            new AutonomousTransferComplete("http://acs.example.net/announce", "http://files.example.net/cfg.xml", true,
                EventCodes.VendorConfigurationFile, 4096, "cfg.xml", FaultStruct.None, _start, _complete),
            new AutonomousTransferCompleteResponse(),
            new RequestDownload(EventCodes.FirmwareImage, [new ArgStruct("Version", "12.0.1")]),
            new RequestDownloadResponse(),
            new GetRPCMethods(),
            new GetRPCMethodsResponse(["GetRPCMethods", "GetParameterValues", "SetParameterValues", "Download", "Reboot"]),
            new GetParameterNames("Device.Services.VoiceService.1.", true),
            new GetParameterNamesResponse([new ParameterInfo("Device.Services.VoiceService.1.VoiceProfile.", false),
                new ParameterInfo("Device.Services.VoiceService.1.X_CISCO_Enable", true)]),
            new GetParameterValues(["Device.DeviceInfo.SoftwareVersion", "Device.ManagementServer."]),
            new GetParameterValuesResponse([new ParameterValue("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1-0001-1"),
                new ParameterValue("Device.Time.CurrentLocalTime", "2026-11-23T10:00:00Z", "xsd:dateTime"),
                new ParameterValue("Device.X_CISCO_COM_Blob", "AAEC", "xsd:base64Binary"),
                new ParameterValue("Device.X_CISCO_COM_Offset", "-3600", "xsd:int")]),
            new SetParameterValues([new ParameterValue("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.Enable", "Enabled"),
                new ParameterValue("Device.ManagementServer.PeriodicInformInterval", "3600", "xsd:unsignedInt")], "task-17"),
            new SetParameterValuesResponse(1),
            new GetParameterAttributes(["Device.DeviceInfo.SoftwareVersion"]),
            new GetParameterAttributesResponse([new ParameterAttribute("Device.DeviceInfo.SoftwareVersion", 2, ["Subscriber"]),
                new ParameterAttribute("Device.DeviceInfo.UpTime", 0, [])]),
            new SetParameterAttributes([new SetParameterAttribute("Device.DeviceInfo.SoftwareVersion", true, 2, false, []),
                new SetParameterAttribute("Device.ManagementServer.URL", false, 0, true, ["Subscriber"])]),
            new SetParameterAttributesResponse(),
            new AddObject("Device.Services.VoiceService.1.VoiceProfile.", "add-1"),
            new AddObjectResponse(3, 0),
            new DeleteObject("Device.Services.VoiceService.1.VoiceProfile.3.", "del-1"),
            new DeleteObjectResponse(0),
            new Reboot("reboot-42"),
            new RebootResponse(),
            new FactoryReset(),
            new FactoryResetResponse(),
            new Download("fw-2026-11", EventCodes.FirmwareImage, "https://files.example.net/sip88xx.12-0-1.loads", "cpe", "s3cret",
                1_234_567, "sip88xx.12-0-1.loads", 5, "https://acs.example.net/ok", "https://acs.example.net/fail"),
            new DownloadResponse(1, DateTimeOffset.MinValue, DateTimeOffset.MinValue),
            new Upload("log-1", "2 Vendor Log File", "http://files.example.net/upload/FCH12345678.log", DelaySeconds: 10),
            new UploadResponse(0, _start, _complete),
            new ScheduleInform(300, "sched-1"),
            new ScheduleInformResponse(),
            new CwmpFault(FaultCodes.MethodNotSupported, "Method not supported"),
            new CwmpFault(FaultCodes.CpeInvalidArguments, "Invalid arguments",
            [
                new SetParameterValuesFault("Device.ManagementServer.PeriodicInformInterval", FaultCodes.InvalidParameterValue, "Invalid parameter value"),
                new SetParameterValuesFault("Device.DeviceInfo.SerialNumber", FaultCodes.NonWritableParameter, "Attempt to set a non-writable parameter"),
            ]),
        ];
        var all = new Dictionary<string, CwmpMessage>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            var key = m.ElementName;
            for (var n = 2; all.ContainsKey(key); n++)
            {
                key = $"{m.ElementName}#{n}";
            }
            all.Add(key, m);
        }
        return all;
    }
}
