using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.DataModel;

public sealed class AttributeTests
{
    private readonly DeviceDataModel _model = TestEnvironment.NewModel(out _);

    private ParameterAttribute Attribute(string name)
        => Assert.Single(Assert.IsType<GetParameterAttributesResponse>(_model.GetParameterAttributes(new GetParameterAttributes([name]))).ParameterList);

    private static SetParameterAttribute Notify(string name, int notification) => new(name, true, notification, false, []);

    [Fact]
    public void Defaults_follow_the_definition()
    {
        Assert.Equal(0, Attribute("Device.Time.NTPServer1").Notification);
        Assert.Equal(2, Attribute("Device.DeviceInfo.SoftwareVersion").Notification);
        Assert.Equal(2, Attribute("Device.ManagementServer.ConnectionRequestURL").Notification);
        Assert.Empty(Attribute("Device.Time.NTPServer1").AccessList);
    }

    [Fact]
    public void Notification_and_access_list_are_set_independently()
    {
        Assert.IsType<SetParameterAttributesResponse>(_model.SetParameterAttributes(new SetParameterAttributes(
            [Notify("Device.Time.NTPServer1", 2), new SetParameterAttribute("Device.Time.NTPServer1", false, 0, true, ["Subscriber"])])));

        var attribute = Attribute("Device.Time.NTPServer1");
        Assert.Equal(2, attribute.Notification);
        Assert.Equal(["Subscriber"], attribute.AccessList);
    }

    [Fact]
    public void A_partial_path_sets_every_parameter_below_it_except_those_that_refuse()
    {
        Assert.IsType<SetParameterAttributesResponse>(_model.SetParameterAttributes(new SetParameterAttributes([Notify("Device.DeviceInfo.", 2)])));

        var all = Assert.IsType<GetParameterAttributesResponse>(_model.GetParameterAttributes(new GetParameterAttributes(["Device.DeviceInfo."])));
        Assert.Equal(2, all.ParameterList.Single(a => a.Name == "Device.DeviceInfo.Manufacturer").Notification);
        Assert.Equal(0, all.ParameterList.Single(a => a.Name == "Device.DeviceInfo.UpTime").Notification);
    }

    [Fact]
    public void Active_notification_on_a_parameter_that_denies_it_faults_9009_and_changes_nothing()
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterAttributes(new SetParameterAttributes(
            [Notify("Device.Time.NTPServer1", 1), Notify("Device.DeviceInfo.UpTime", 2)])));

        Assert.Equal(FaultCodes.NotificationRequestRejected, fault.FaultCode);
        Assert.Equal(0, Attribute("Device.Time.NTPServer1").Notification);
    }

    [Fact]
    public void Forced_active_notification_cannot_be_turned_off()
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterAttributes(new SetParameterAttributes(
            [Notify("Device.ManagementServer.ConnectionRequestURL", 0)])));

        Assert.Equal(FaultCodes.NotificationRequestRejected, fault.FaultCode);
        Assert.Equal(2, Attribute("Device.ManagementServer.ConnectionRequestURL").Notification);
    }

    [Theory]
    [InlineData(3, "Subscriber")]
    [InlineData(1, "Everyone")]
    public void Out_of_range_notification_or_unknown_access_entity_faults_9003(int notification, string entity)
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterAttributes(new SetParameterAttributes(
            [new SetParameterAttribute("Device.Time.NTPServer1", true, notification, true, [entity])])));

        Assert.Equal(FaultCodes.CpeInvalidArguments, fault.FaultCode);
    }

    [Fact]
    public void Unknown_names_fault_9005()
    {
        Assert.Equal(FaultCodes.InvalidParameterName,
            Assert.IsType<CwmpFault>(_model.SetParameterAttributes(new SetParameterAttributes([Notify("Device.Nope", 1)]))).FaultCode);
        Assert.Equal(FaultCodes.InvalidParameterName,
            Assert.IsType<CwmpFault>(_model.GetParameterAttributes(new GetParameterAttributes(["Device.Nope."]))).FaultCode);
    }
}
