using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.DataModel;

public sealed class ParameterValuesTests
{
    private const string Line1 = "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.";
    private readonly DeviceDataModel _model = TestEnvironment.NewModel(out _);

    [Fact]
    public void Get_returns_values_with_their_types()
    {
        var response = Assert.IsType<GetParameterValuesResponse>(_model.GetParameterValues(new GetParameterValues(
            ["Device.DeviceInfo.Manufacturer", "Device.ManagementServer.PeriodicInformInterval", "Device.ManagementServer.PeriodicInformEnable"])));

        Assert.Equal(
            [
                new ParameterValue("Device.DeviceInfo.Manufacturer", "Cisco Systems, Inc.", "xsd:string"),
                new ParameterValue("Device.ManagementServer.PeriodicInformInterval", "86400", "xsd:unsignedInt"),
                new ParameterValue("Device.ManagementServer.PeriodicInformEnable", "true", "xsd:boolean"),
            ],
            response.ParameterList);
    }

    [Fact]
    public void Partial_path_returns_every_parameter_below_the_object_including_table_instances()
    {
        var response = Assert.IsType<GetParameterValuesResponse>(_model.GetParameterValues(new GetParameterValues(["Device.Services."])));
        var names = response.ParameterList.Select(p => p.Name).ToList();

        Assert.Contains("Device.Services.VoiceServiceNumberOfEntries", names);
        Assert.Contains(Line1 + "SIP.AuthUserName", names);
        Assert.Contains("Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Device.Time.", StringComparison.Ordinal));
        Assert.Equal("1", response.ParameterList.Single(p => p.Name == "Device.Services.VoiceService.1.VoiceProfile.1.LineNumberOfEntries").Value);
    }

    [Fact]
    public void Empty_name_returns_the_whole_tree()
    {
        var response = Assert.IsType<GetParameterValuesResponse>(_model.GetParameterValues(new GetParameterValues([""])));

        Assert.Contains(response.ParameterList, p => p.Name == "Device.DeviceSummary");
        Assert.Contains(response.ParameterList, p => p.Name == Line1 + "CallingFeatures.CallerIDName");
    }

    [Theory]
    [InlineData("Device.NoSuch.Thing")]
    [InlineData("Device.Time")]                                    // an object without the trailing dot
    [InlineData("Device.Time.NTPServer1.")]                        // a parameter with one
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.Line.2.Enable")]   // no such instance
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.Line.01.Enable")]  // leading zero
    [InlineData("Device..Time.")]
    public void Unknown_names_fault_the_whole_request_with_9005(string name)
    {
        var fault = Assert.IsType<CwmpFault>(_model.GetParameterValues(new GetParameterValues(["Device.Time.NTPServer1", name])));

        Assert.Equal(FaultCodes.InvalidParameterName, fault.FaultCode);
    }

    [Fact]
    public void Passwords_read_as_empty_strings_over_cwmp_but_are_stored()
    {
        var set = _model.SetParameterValues(new SetParameterValues(
            [new ParameterValue(Line1 + "SIP.AuthPassword", "s3cret"), new ParameterValue("Device.ManagementServer.ConnectionRequestPassword", "cr-pass")], "k"), out _);
        Assert.IsType<SetParameterValuesResponse>(set);

        var response = Assert.IsType<GetParameterValuesResponse>(_model.GetParameterValues(new GetParameterValues(
            [Line1 + "SIP.AuthPassword", "Device.ManagementServer.ConnectionRequestPassword"])));

        Assert.All(response.ParameterList, p => Assert.Equal("", p.Value));
        Assert.Equal("s3cret", _model.GetValue(Line1 + "SIP.AuthPassword"));
        Assert.Equal("cr-pass", _model.GetValue("Device.ManagementServer.ConnectionRequestPassword"));
    }

    [Fact]
    public void Set_applies_values_and_updates_the_parameter_key()
    {
        var response = _model.SetParameterValues(new SetParameterValues(
            [
                new ParameterValue("Device.Time.NTPServer1", "ntp.carrier.test"),
                new ParameterValue("Device.ManagementServer.PeriodicInformInterval", "3600", "xsd:unsignedInt"),
                new ParameterValue("Device.ManagementServer.PeriodicInformEnable", "0", "xsd:boolean"),
            ], "change-17"), out var changed);

        Assert.Equal(new SetParameterValuesResponse(0), response);
        Assert.Equal("ntp.carrier.test", _model.GetValue("Device.Time.NTPServer1"));
        Assert.Equal("3600", _model.GetValue("Device.ManagementServer.PeriodicInformInterval"));
        Assert.Equal("false", _model.GetValue("Device.ManagementServer.PeriodicInformEnable"));
        Assert.Equal("change-17", _model.GetValue("Device.ManagementServer.ParameterKey"));
        Assert.Equal(3, changed.Count);
    }

    [Fact]
    public void Set_with_one_bad_entry_changes_nothing_and_lists_each_offender_with_its_code()
    {
        var response = _model.SetParameterValues(new SetParameterValues(
            [
                new ParameterValue("Device.Time.NTPServer2", "ntp2.carrier.test"),
                new ParameterValue("Device.NoSuchThing.Value", "1"),
                new ParameterValue("Device.DeviceInfo.UpTime", "5", "xsd:unsignedInt"),
                new ParameterValue("Device.ManagementServer.PeriodicInformInterval", "soon", "xsd:unsignedInt"),
                new ParameterValue("Device.Time.Enable", "1", "xsd:dateTime"),
            ], "never"), out var changed);

        var fault = Assert.IsType<CwmpFault>(response);
        Assert.Equal(FaultCodes.CpeInvalidArguments, fault.FaultCode);
        Assert.Equal(
            [
                ("Device.NoSuchThing.Value", FaultCodes.InvalidParameterName),
                ("Device.DeviceInfo.UpTime", FaultCodes.NonWritableParameter),
                ("Device.ManagementServer.PeriodicInformInterval", FaultCodes.InvalidParameterValue),
                ("Device.Time.Enable", FaultCodes.InvalidParameterType),
            ],
            fault.SetParameterValuesFaults.Select(f => (f.ParameterName, f.FaultCode)));
        Assert.Equal("", _model.GetValue("Device.Time.NTPServer2"));
        Assert.Equal("", _model.GetValue("Device.ManagementServer.ParameterKey"));
        Assert.Empty(changed);
    }

    [Theory]
    [InlineData("Device.ManagementServer.PeriodicInformInterval", "0")]          // unsignedInt[1:]
    [InlineData("Device.ManagementServer.PeriodicInformInterval", "-5")]
    [InlineData("Device.ManagementServer.PeriodicInformInterval", "4294967296")]
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.SIP.ProxyServerPort", "70000")]
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.Enable", "On")]  // enumeration
    [InlineData("Device.ManagementServer.URL", "ftp://acs.test/")]
    [InlineData("Device.ManagementServer.URL", "not a url")]
    [InlineData("Device.ManagementServer.PeriodicInformTime", "yesterday")]
    [InlineData("Device.Time.Enable", "yes")]
    public void Values_outside_type_or_range_fault_9007(string name, string value)
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterValues(new SetParameterValues([new ParameterValue(name, value)], ""), out _));

        Assert.Equal(FaultCodes.InvalidParameterValue, Assert.Single(fault.SetParameterValuesFaults).FaultCode);
    }

    [Fact]
    public void A_string_longer_than_its_size_faults_9007()
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterValues(
            new SetParameterValues([new ParameterValue("Device.Time.NTPServer1", new string('n', 65))], ""), out _));

        Assert.Equal(FaultCodes.InvalidParameterValue, Assert.Single(fault.SetParameterValuesFaults).FaultCode);
    }

    [Fact]
    public void A_parameter_named_twice_faults_9003()
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterValues(new SetParameterValues(
            [new ParameterValue("Device.Time.NTPServer1", "a"), new ParameterValue("Device.Time.NTPServer1", "b")], ""), out _));

        Assert.Equal(FaultCodes.CpeInvalidArguments, fault.FaultCode);
        Assert.Equal(TestEnvironment.FactoryNtpServer, _model.GetValue("Device.Time.NTPServer1"));
    }

    [Fact]
    public void Strings_are_accepted_for_typed_parameters_as_real_acs_send_them()
    {
        var response = _model.SetParameterValues(new SetParameterValues(
            [
                new ParameterValue("Device.ManagementServer.PeriodicInformInterval", "600", "xsd:string"),
                new ParameterValue("Device.Services.VoiceService.1.VoiceProfile.1.SIP.RegisterExpires", "120", "xsd:int"),
                new ParameterValue("Device.ManagementServer.PeriodicInformTime", "2025-03-01T10:00:00+01:00", "xsd:dateTime"),
            ], ""), out _);

        Assert.IsType<SetParameterValuesResponse>(response);
        Assert.Equal("600", _model.GetValue("Device.ManagementServer.PeriodicInformInterval"));
        Assert.Equal("2025-03-01T10:00:00+01:00", _model.GetValue("Device.ManagementServer.PeriodicInformTime"));
    }

    [Fact]
    public void Dynamic_values_come_from_the_phone()
    {
        var model = TestEnvironment.NewModel(out var environment);
        environment.Variables[PhoneVariables.UpTime] = "1234";

        Assert.Equal("1234", model.GetValue("Device.DeviceInfo.UpTime"));
        Assert.Equal("FCH00000001", model.GetValue("Device.DeviceInfo.SerialNumber"));
        Assert.Equal("00:23:EB:00:00:01", model.GetValue("Device.LAN.MACAddress"));
    }
}
