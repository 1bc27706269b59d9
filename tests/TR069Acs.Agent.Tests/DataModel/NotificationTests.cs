using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.DataModel;

public sealed class NotificationTests
{
    private readonly DeviceDataModel _model;
    private readonly TestEnvironment _environment;

    public NotificationTests()
    {
        _model = TestEnvironment.NewModel(out _environment);
        _model.DetectChanges();   // what the phone does at boot: the current values become the reference
    }

    private void SetNotification(string name, int notification)
        => Assert.IsType<SetParameterAttributesResponse>(_model.SetParameterAttributes(new SetParameterAttributes(
            [new SetParameterAttribute(name, true, notification, false, [])])));

    [Fact]
    public void Forced_inform_parameters_are_always_in_the_inform_with_the_mac_address()
    {
        var names = _model.InformParameters(out var changes).Select(p => p.Name).ToList();

        Assert.Empty(changes);
        Assert.Equal(
            [
                "Device.DeviceSummary", "Device.DeviceInfo.HardwareVersion", "Device.DeviceInfo.SoftwareVersion",
                "Device.DeviceInfo.ProvisioningCode", "Device.ManagementServer.ParameterKey",
                "Device.ManagementServer.ConnectionRequestURL", "Device.LAN.MACAddress",
            ],
            names);
    }

    [Fact]
    public void A_local_change_of_an_active_parameter_asks_for_a_session_and_is_reported_once()
    {
        SetNotification("Device.Time.NTPServer1", 2);
        Assert.Null(_model.SetLocalValue("Device.Time.NTPServer1", "ntp.local.test"));

        Assert.True(_model.DetectChanges());
        var parameters = _model.InformParameters(out var changes);
        Assert.Equal(["Device.Time.NTPServer1"], changes);
        Assert.Contains(new ParameterValue("Device.Time.NTPServer1", "ntp.local.test"), parameters);

        _model.AcknowledgeChanges(changes);
        Assert.False(_model.HasPendingChanges);
        Assert.DoesNotContain(_model.InformParameters(out _), p => p.Name == "Device.Time.NTPServer1");
    }

    [Fact]
    public void A_passive_change_waits_for_the_next_session()
    {
        SetNotification("Device.Time.NTPServer2", 1);
        _model.SetLocalValue("Device.Time.NTPServer2", "ntp2.local.test");

        Assert.False(_model.DetectChanges());
        Assert.True(_model.HasPendingChanges);
    }

    [Fact]
    public void A_change_made_by_the_acs_is_not_notified_back()
    {
        SetNotification("Device.Time.NTPServer1", 2);
        _model.SetParameterValues(new SetParameterValues([new ParameterValue("Device.Time.NTPServer1", "acs.test")], ""), out _);

        Assert.False(_model.DetectChanges());
        Assert.False(_model.HasPendingChanges);
    }

    [Fact]
    public void A_new_connection_request_url_is_an_active_change()
    {
        _environment.Variables[PhoneVariables.ConnectionRequestUrl] = "http://127.0.0.1:40000/cr/FCH00000001";

        Assert.True(_model.DetectChanges());
        _model.InformParameters(out var changes);
        Assert.Equal(["Device.ManagementServer.ConnectionRequestURL"], changes);
    }

    [Fact]
    public void Parameters_without_notification_are_not_watched()
    {
        _model.SetLocalValue("Device.Time.NTPServer1", "quiet.test");

        Assert.False(_model.DetectChanges());
        Assert.False(_model.HasPendingChanges);
    }
}
