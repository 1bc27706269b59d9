using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.DataModel;

public sealed class ParameterNamesTests
{
    private readonly DeviceDataModel _model = TestEnvironment.NewModel(out _);

    private List<ParameterInfo> Names(string path, bool nextLevel)
        => [.. Assert.IsType<GetParameterNamesResponse>(_model.GetParameterNames(new GetParameterNames(path, nextLevel))).ParameterList];

    [Fact]
    public void Empty_path_with_next_level_gives_the_root_object()
        => Assert.Equal([new ParameterInfo("Device.", false)], Names("", nextLevel: true));

    [Fact]
    public void Empty_path_without_next_level_gives_everything()
    {
        var names = Names("", nextLevel: false);

        Assert.Equal("Device.", names[0].Name);
        Assert.Contains(new ParameterInfo("Device.Time.NTPServer1", true), names);
        Assert.Contains(new ParameterInfo("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.", true), names);
    }

    [Fact]
    public void Next_level_lists_only_the_children_with_objects_ending_in_a_dot()
    {
        var names = Names("Device.ManagementServer.", nextLevel: true);

        Assert.Contains(new ParameterInfo("Device.ManagementServer.PeriodicInformInterval", true), names);
        Assert.Contains(new ParameterInfo("Device.ManagementServer.ParameterKey", false), names);
        Assert.DoesNotContain(names, n => n.Name == "Device.ManagementServer.");

        var root = Names("Device.", nextLevel: true).Select(n => n.Name).ToList();
        Assert.Contains("Device.DeviceInfo.", root);
        Assert.Contains("Device.DeviceSummary", root);
        Assert.DoesNotContain("Device.DeviceInfo.Manufacturer", root);
    }

    [Fact]
    public void Without_next_level_the_object_itself_and_its_whole_subtree_are_listed()
    {
        var names = Names("Device.Services.VoiceService.1.VoiceProfile.1.", nextLevel: false);

        Assert.Equal(new ParameterInfo("Device.Services.VoiceService.1.VoiceProfile.1.", false), names[0]);
        Assert.Contains(new ParameterInfo("Device.Services.VoiceService.1.VoiceProfile.1.Line.", true), names);
        Assert.Contains(new ParameterInfo("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.SIP.AuthPassword", true), names);
    }

    [Fact]
    public void A_table_lists_its_instances_and_writability_says_whether_they_can_be_added_or_deleted()
    {
        Assert.Equal([new ParameterInfo("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.", true)],
            Names("Device.Services.VoiceService.1.VoiceProfile.1.Line.", nextLevel: true));
        // DESIGN §7: one VoiceProfile per extension of the model (a CP-8841-3PCC has ten), fixed by the hardware.
        Assert.Equal([.. Enumerable.Range(1, 10).Select(n => new ParameterInfo($"Device.Services.VoiceService.1.VoiceProfile.{n}.", false))],
            Names("Device.Services.VoiceService.1.VoiceProfile.", nextLevel: true));
    }

    [Fact]
    public void A_parameter_path_gives_that_parameter()
        => Assert.Equal([new ParameterInfo("Device.DeviceInfo.UpTime", false)], Names("Device.DeviceInfo.UpTime", nextLevel: false));

    [Fact]
    public void A_parameter_path_with_next_level_is_invalid_arguments()
    {
        var fault = Assert.IsType<CwmpFault>(_model.GetParameterNames(new GetParameterNames("Device.DeviceInfo.UpTime", true)));
        Assert.Equal(FaultCodes.CpeInvalidArguments, fault.FaultCode);
    }

    [Theory]
    [InlineData("Device.Nothing.")]
    [InlineData("Device.DeviceInfo")]
    [InlineData("InternetGatewayDevice.")]
    [InlineData("Device.Services.VoiceService.2.")]
    public void Unknown_paths_fault_9005(string path)
    {
        var fault = Assert.IsType<CwmpFault>(_model.GetParameterNames(new GetParameterNames(path, false)));
        Assert.Equal(FaultCodes.InvalidParameterName, fault.FaultCode);
    }
}
