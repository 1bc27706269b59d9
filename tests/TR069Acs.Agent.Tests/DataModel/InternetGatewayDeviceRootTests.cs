using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Flat;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;
using TR069Acs.Provisioning.FlatProfiles;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.Tests.DataModel;

/// <summary>A phone presenting its data model under <c>InternetGatewayDevice.</c> (TR-098, DESIGN §7): the same
/// DeviceInfo, ManagementServer, Time, TR-104 VoiceService and <c>X_CISCO_COM_FlatProfile</c> objects, the LAN as
/// <c>LANDevice.1</c>, and nothing under <c>Device.</c>.</summary>
public sealed class InternetGatewayDeviceRootTests
{
    private const string Igd = "InternetGatewayDevice.";
    private const string Line1 = Igd + "Services.VoiceService.1.VoiceProfile.1.Line.1.";
    private const string Flat = Igd + "X_CISCO_COM_FlatProfile.";

    private readonly DeviceDataModel _model = NewModel();

    [Fact]
    public void The_root_is_InternetGatewayDevice_and_Device_is_not_in_the_model()
    {
        var root = Assert.IsType<GetParameterNamesResponse>(_model.GetParameterNames(new GetParameterNames("", NextLevel: true)));
        Assert.Equal([Igd], root.ParameterList.Select(p => p.Name));

        var children = Assert.IsType<GetParameterNamesResponse>(_model.GetParameterNames(new GetParameterNames(Igd, NextLevel: true)));
        Assert.Contains(Igd + "DeviceInfo.", children.ParameterList.Select(p => p.Name));
        Assert.Contains(Igd + "ManagementServer.", children.ParameterList.Select(p => p.Name));
        Assert.Contains(Igd + "Services.", children.ParameterList.Select(p => p.Name));
        Assert.Contains(Igd + "LANDevice.", children.ParameterList.Select(p => p.Name));
        Assert.Contains(Flat, children.ParameterList.Select(p => p.Name));

        var fault = Assert.IsType<CwmpFault>(_model.GetParameterValues(new GetParameterValues(["Device.DeviceInfo.Manufacturer"])));
        Assert.Equal(FaultCodes.InvalidParameterName, fault.FaultCode);
    }

    [Fact]
    public void Standard_and_flat_profile_paths_read_the_phone_under_the_igd_root()
    {
        var response = Assert.IsType<GetParameterValuesResponse>(_model.GetParameterValues(new GetParameterValues(
        [
            Igd + "DeviceSummary", Igd + "DeviceInfo.Manufacturer", Igd + "ManagementServer.PeriodicInformInterval",
            Igd + "LANDeviceNumberOfEntries", Igd + "LANDevice.1.LANEthernetInterfaceConfig.1.MACAddress",
            Igd + "Time.NTPServer1", Flat + "Primary_NTP_Server", Line1 + "Enable",
        ])));

        Assert.Equal(
            [
                ("InternetGatewayDevice:1.4[](Baseline:1, EthernetLAN:1), VoiceService:1.0[1](Endpoint:1, SIPEndpoint:1)", "xsd:string"),
                ("Cisco Systems, Inc.", "xsd:string"),
                ("86400", "xsd:unsignedInt"),
                ("1", "xsd:unsignedInt"),
                ("00:23:EB:00:00:01", "xsd:string"),
                (TestEnvironment.FactoryNtpServer, "xsd:string"),
                (TestEnvironment.FactoryNtpServer, "xsd:string"),
                ("Enabled", "xsd:string"),
            ],
            response.ParameterList.Select(p => (p.Value, p.Type)));
    }

    [Fact]
    public void SetParameterValues_on_igd_paths_writes_the_flat_parameters_with_the_mapping_conversions()
    {
        var response = _model.SetParameterValues(new SetParameterValues(
        [
            new ParameterValue(Line1 + "Enable", "Disabled"),
            new ParameterValue(Line1 + "DirectoryNumber", "4711"),
            new ParameterValue(Flat + "GPP_A", "set over igd"),
            new ParameterValue(Igd + "ManagementServer.PeriodicInformInterval", "600", "xsd:unsignedInt"),
        ], "igd-1"), out var changed);

        Assert.Equal(new SetParameterValuesResponse(0), response);
        Assert.Equal("No", _model.GetFlat("Line_Enable_1_"));
        Assert.Equal("4711", _model.GetFlat("User_ID_1_"));
        Assert.Equal("set over igd", _model.GetFlat("GPP_A"));
        Assert.Equal("600", _model.GetValue(Igd + "ManagementServer.PeriodicInformInterval"));
        Assert.Equal("igd-1", _model.ParameterKey);
        Assert.Contains(Igd + "ManagementServer.PeriodicInformInterval", changed);
    }

    [Fact]
    public void Attributes_work_on_igd_paths_and_a_profile_change_is_reported_under_the_igd_root()
    {
        _model.DetectChanges();
        Assert.IsType<SetParameterAttributesResponse>(_model.SetParameterAttributes(new SetParameterAttributes(
            [new SetParameterAttribute(Flat + "GPP_B", true, 2, false, [])])));
        var attributes = Assert.IsType<GetParameterAttributesResponse>(_model.GetParameterAttributes(new GetParameterAttributes([Flat + "GPP_B"])));
        Assert.Equal(2, attributes.ParameterList.Single().Notification);

        _model.ApplyProfile(FlatProfileReader.Parse("<flat-profile><GPP_B>changed by resync</GPP_B></flat-profile>"u8.ToArray()));

        Assert.True(_model.DetectChanges());
        var inform = _model.InformParameters(out var reported);
        Assert.Equal([Flat + "GPP_B"], reported);
        Assert.Equal("changed by resync", inform.Single(p => p.Name == Flat + "GPP_B").Value);
        Assert.All(inform, p => Assert.StartsWith(Igd, p.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fleet_with_the_igd_root_informs_under_it_and_takes_a_SetParameterValues_there()
    {
        await using var acs = await ScriptedAcs.StartAsync();
        var options = TestFleet.Options(acs.Url);
        options.DataModelRoot = Tr069Root.InternetGatewayDevice;
        await using var fleet = await TestFleet.StartAsync(options);
        var phone = fleet.Phones[0];

        var boot = acs.Informs[0].ParameterList.ToDictionary(p => p.Name, p => p.Value);
        Assert.All(boot.Keys, name => Assert.StartsWith(Igd, name, StringComparison.Ordinal));
        Assert.Equal("00:23:EB:00:A0:01", boot[Igd + "LANDevice.1.LANEthernetInterfaceConfig.1.MACAddress"]);
        Assert.Equal(phone.ConnectionRequestUrl, boot[Igd + "ManagementServer.ConnectionRequestURL"]);
        Assert.Equal(phone.SoftwareVersion, boot[Igd + "DeviceInfo.SoftwareVersion"]);

        acs.Queue.Enqueue(new SetParameterValues([new ParameterValue(Flat + "GPP_C", "from the acs")], "k-igd"));
        await phone.InformAsync(EventCodes.Periodic);

        Assert.Equal(new SetParameterValuesResponse(0), acs.Answers.OfType<SetParameterValuesResponse>().Single());
        Assert.Equal("from the acs", phone.GetFlatValue("GPP_C"));
        Assert.Equal("k-igd", (await phone.InformAsync(EventCodes.Periodic)).InformValue(Igd + "ManagementServer.ParameterKey"));
    }

    private static DeviceDataModel NewModel()
    {
        var definition = Device1Model.For(Device1Model.FallbackModel, Tr069Root.InternetGatewayDevice);
        var options = new PhoneOptions { AcsUrl = new Uri("http://127.0.0.1:7547/"), DataModelRoot = Tr069Root.InternetGatewayDevice };
        return new DeviceDataModel(definition, new TestEnvironment(), FlatFactory.ForFleet(definition.Flat!, options, null));
    }
}
