using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.DataModel;

/// <summary>TR-069 A.3.2.1: a SetParameterValues is applied as a whole and the order of its list has no significance,
/// so a flat setting split over two paths (host and port of <c>Proxy_n_</c>, <c>Outbound_Proxy_n_</c>) is checked
/// against the state the whole request produces.</summary>
public sealed class SplitPathSetTests
{
    private const string Sip1 = "Device.Services.VoiceService.1.VoiceProfile.1.SIP.";
    private const string Sip2 = "Device.Services.VoiceService.1.VoiceProfile.2.SIP.";
    private readonly DeviceDataModel _model = TestEnvironment.NewModel(out _);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Host_and_port_set_together_apply_in_either_order_on_a_phone_without_a_host(bool portFirst)
    {
        ParameterValue[] list =
        [
            new(Sip1 + "OutboundProxy", "obp.carrier.test"),
            new(Sip1 + "OutboundProxyPort", "5080", "xsd:unsignedInt"),
            new(Sip1 + "ProxyServer", "sip.carrier.test"),
            new(Sip1 + "ProxyServerPort", "5070", "xsd:unsignedInt"),
        ];

        var response = _model.SetParameterValues(new SetParameterValues(portFirst ? [.. list.Reverse()] : list, "k1"), out var changed);

        Assert.Equal(new SetParameterValuesResponse(0), response);
        Assert.Equal("obp.carrier.test:5080", _model.GetFlat("Outbound_Proxy_1_"));
        Assert.Equal("sip.carrier.test:5070", _model.GetFlat("Proxy_1_"));
        Assert.Equal("sip.carrier.test", _model.GetValue(Sip1 + "ProxyServer"));
        Assert.Equal("5070", _model.GetValue(Sip1 + "ProxyServerPort"));
        Assert.Equal("5080", _model.GetValue(Sip1 + "OutboundProxyPort"));
        Assert.Equal(4, changed.Count);
        Assert.Equal("k1", _model.ParameterKey);
    }

    [Fact]
    public void Every_profile_has_its_own_pair()
    {
        var response = _model.SetParameterValues(new SetParameterValues(
            [
                new(Sip2 + "ProxyServerPort", "5062", "xsd:unsignedInt"),
                new(Sip1 + "ProxyServerPort", "5061", "xsd:unsignedInt"),
                new(Sip2 + "ProxyServer", "two.carrier.test"),
                new(Sip1 + "ProxyServer", "one.carrier.test"),
            ], ""), out _);

        Assert.IsType<SetParameterValuesResponse>(response);
        Assert.Equal("one.carrier.test:5061", _model.GetFlat("Proxy_1_"));
        Assert.Equal("two.carrier.test:5062", _model.GetFlat("Proxy_2_"));
    }

    [Fact]
    public void A_port_alone_merges_into_the_stored_host_and_a_host_alone_keeps_the_stored_port()
    {
        _model.SetParameterValues(new SetParameterValues([new(Sip1 + "ProxyServer", "a.carrier.test"), new(Sip1 + "ProxyServerPort", "5070")], ""), out _);

        Assert.IsType<SetParameterValuesResponse>(_model.SetParameterValues(new SetParameterValues([new(Sip1 + "ProxyServerPort", "5090")], ""), out _));
        Assert.Equal("a.carrier.test:5090", _model.GetFlat("Proxy_1_"));
        Assert.IsType<SetParameterValuesResponse>(_model.SetParameterValues(new SetParameterValues([new(Sip1 + "ProxyServer", "b.carrier.test")], ""), out _));
        Assert.Equal("b.carrier.test:5090", _model.GetFlat("Proxy_1_"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_bad_half_refuses_the_whole_request_and_applies_nothing(bool portFirst)
    {
        ParameterValue[] list =
        [
            new("Device.Time.NTPServer1", "ntp.carrier.test"),
            new(Sip1 + "ProxyServer", "sip.carrier.test"),
            new(Sip1 + "ProxyServerPort", "70000", "xsd:unsignedInt"),
        ];

        var response = _model.SetParameterValues(new SetParameterValues(portFirst ? [.. list.Reverse()] : list, "never"), out var changed);

        var fault = Assert.IsType<CwmpFault>(response);
        Assert.Equal(FaultCodes.CpeInvalidArguments, fault.FaultCode);
        var offender = Assert.Single(fault.SetParameterValuesFaults);
        Assert.Equal((Sip1 + "ProxyServerPort", FaultCodes.InvalidParameterValue), (offender.ParameterName, offender.FaultCode));
        Assert.Equal("", _model.GetFlat("Proxy_1_"));
        Assert.Equal(TestEnvironment.FactoryNtpServer, _model.GetValue("Device.Time.NTPServer1"));
        Assert.Equal("", _model.ParameterKey);
        Assert.Empty(changed);
    }

    [Fact]
    public void A_bad_host_refuses_its_port_too_and_names_only_the_host()
    {
        var response = _model.SetParameterValues(new SetParameterValues(
            [new(Sip1 + "ProxyServerPort", "5070"), new(Sip1 + "ProxyServer", "bad host name!")], ""), out _);

        var fault = Assert.IsType<CwmpFault>(response);
        Assert.Contains(fault.SetParameterValuesFaults, f => f.ParameterName == Sip1 + "ProxyServer" && f.FaultCode == FaultCodes.InvalidParameterValue);
        Assert.Equal("", _model.GetFlat("Proxy_1_"));
    }

    [Fact]
    public void A_port_without_any_host_is_refused_with_the_reason()
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterValues(new SetParameterValues([new(Sip1 + "ProxyServerPort", "5070")], ""), out _));

        var offender = Assert.Single(fault.SetParameterValuesFaults);
        Assert.Equal(FaultCodes.InvalidParameterValue, offender.FaultCode);
        Assert.Contains("no host", offender.FaultString, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_merges_into_a_whole_value_set_by_the_flat_path_in_the_same_request()
    {
        var response = _model.SetParameterValues(new SetParameterValues(
            [new(Sip1 + "ProxyServerPort", "5099"), new("Device.X_CISCO_COM_FlatProfile.Proxy_1_", "whole.carrier.test:5060")], ""), out _);

        Assert.IsType<SetParameterValuesResponse>(response);
        Assert.Equal("whole.carrier.test:5099", _model.GetFlat("Proxy_1_"));
    }

    [Fact]
    public void Two_paths_that_set_one_flat_parameter_to_different_values_are_both_refused()
    {
        const string Line1 = "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.";
        var response = _model.SetParameterValues(new SetParameterValues(
            [new(Line1 + "DirectoryNumber", "1001"), new("Device.X_CISCO_COM_FlatProfile.User_ID_1_", "2002")], ""), out _);

        var fault = Assert.IsType<CwmpFault>(response);
        Assert.Equal(2, fault.SetParameterValuesFaults.Count);
        Assert.All(fault.SetParameterValuesFaults, f => Assert.Contains("User_ID_1_", f.FaultString, StringComparison.Ordinal));
        Assert.Equal("", _model.GetFlat("User_ID_1_"));
    }
}
