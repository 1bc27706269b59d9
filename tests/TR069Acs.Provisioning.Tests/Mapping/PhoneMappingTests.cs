using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Provisioning.Tests.Mapping;

public class PhoneMappingTests
{
    private const string Voice = "Device.Services.VoiceService.1.VoiceProfile.";
    private static readonly PhoneMapping Mapping = PhoneMapping.Load();

    private static (ModelMapping Model, FlatValues Values) Phone(string model = "CP-8841-3PCC")
    {
        var mapping = Mapping.ForModel(model);
        return (mapping, new FlatValues(mapping.Parameters));
    }

    [Theory]
    [InlineData("User_ID_1_", Voice + "1.Line.1.DirectoryNumber")]
    [InlineData("User_ID_3_", Voice + "3.Line.1.DirectoryNumber")]
    [InlineData("Auth_ID_2_", "Device.X_CISCO_COM_FlatProfile.Auth_ID_2_")]
    [InlineData("Password_1_", Voice + "1.Line.1.SIP.AuthPassword")]
    [InlineData("Display_Name_1_", Voice + "1.Line.1.CallingFeatures.CallerIDName")]
    [InlineData("Line_Enable_4_", Voice + "4.Line.1.Enable")]
    [InlineData("Proxy_1_", "Device.X_CISCO_COM_FlatProfile.Proxy_1_")]
    [InlineData("Register_Expires_1_", Voice + "1.SIP.RegisterExpires")]
    [InlineData("SIP_Port_2_", Voice + "2.SIP.UserAgentPort")]
    [InlineData("Primary_NTP_Server", "Device.Time.NTPServer1")]
    [InlineData("Secondary_NTP_Server", "Device.Time.NTPServer2")]
    [InlineData("ACS_URL", "Device.ManagementServer.URL")]
    [InlineData("ACS_Username", "Device.ManagementServer.Username")]
    [InlineData("ACS_Password", "Device.ManagementServer.Password")]
    [InlineData("Periodic_Inform_Enable", "Device.ManagementServer.PeriodicInformEnable")]
    [InlineData("Periodic_Inform_Interval", "Device.ManagementServer.PeriodicInformInterval")]
    [InlineData("Connection_Request_Username", "Device.ManagementServer.ConnectionRequestUsername")]
    [InlineData("Connection_Request_Password", "Device.ManagementServer.ConnectionRequestPassword")]
    [InlineData("Enable_TR-069", "Device.ManagementServer.EnableCWMP")]
    [InlineData("GPP_A", "Device.X_CISCO_COM_FlatProfile.GPP_A")]
    [InlineData("Resync_Periodic", "Device.X_CISCO_COM_FlatProfile.Resync_Periodic")]
    public void A_flat_name_resolves_to_its_canonical_path(string flat, string path)
    {
        var resolved = Mapping.ResolveName(flat, "CP-8841-3PCC");
        Assert.Equal(path, resolved.Tr069Path);
        Assert.Equal(flat, resolved.FlatName);
        Assert.True(resolved.InputWasFlatName);
    }

    [Theory]
    [InlineData(Voice + "2.SIP.ProxyServer", "Proxy_2_", true)]
    [InlineData(Voice + "2.SIP.ProxyServerPort", "Proxy_2_", true)]
    [InlineData(Voice + "1.Line.1.SIP.AuthUserName", "Auth_ID_1_", true)]
    [InlineData("InternetGatewayDevice.Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber", "User_ID_1_", false)]
    [InlineData("InternetGatewayDevice.X_CISCO_COM_FlatProfile.GPP_B", "GPP_B", false)]
    [InlineData("Device.X_CISCO_COM_FlatProfile.User_ID_1_", "User_ID_1_", false)]
    public void A_path_resolves_to_its_flat_parameter(string path, string flat, bool partial)
    {
        var resolved = Mapping.ResolveName(path, "CP-8841-3PCC");
        Assert.Equal(flat, resolved.FlatName);
        Assert.Equal(path, resolved.Tr069Path);
        Assert.Equal(partial, resolved.IsPartial);
    }

    [Fact]
    public void Flat_names_resolve_under_the_root_the_device_uses()
    {
        Assert.Equal("InternetGatewayDevice.Time.NTPServer1",
            Mapping.ResolveName("Primary_NTP_Server", "SPA504G", Tr069Root.InternetGatewayDevice).Tr069Path);
    }

    [Fact]
    public void Auth_user_name_reads_user_id_when_auth_id_is_empty()
    {
        var (model, values) = Phone();
        values.Set("User_ID_1_", "4085551000");
        var path = Voice + "1.Line.1.SIP.AuthUserName";
        Assert.True(model.TryGetValue(path, values, out var value));
        Assert.Equal("4085551000", value);
        values.Set("Auth_ID_1_", "auth-1000");
        Assert.True(model.TryGetValue(path, values, out value));
        Assert.Equal("auth-1000", value);
        Assert.Equal(["Auth_ID_1_", "User_ID_1_"], Mapping.ResolveName(path, "CP-8841-3PCC").FlatNames);
    }

    [Fact]
    public void Secrets_read_back_empty_on_every_path_but_are_written()
    {
        var (model, values) = Phone();
        foreach (var path in new[] { Voice + "1.Line.1.SIP.AuthPassword", "Device.X_CISCO_COM_FlatProfile.Password_1_" })
        {
            Assert.True(model.TryToFlat(path, "s3cret", values, out var assignment, out _));
            values.Set(assignment.Name, assignment.Value);
            Assert.Equal("s3cret", values["Password_1_"]);
            Assert.True(model.TryGetValue(path, values, out var read));
            Assert.Equal("", read);
        }
    }

    [Theory]
    [InlineData("true", "Yes")]
    [InlineData("1", "Yes")]
    [InlineData("false", "No")]
    [InlineData("0", "No")]
    public void Boolean_paths_convert_to_yes_no(string tr069, string flat)
    {
        var (model, values) = Phone();
        Assert.True(model.TryToFlat("Device.ManagementServer.PeriodicInformEnable", tr069, values, out var assignment, out _));
        Assert.Equal(flat, assignment.Value);
        values.Set(assignment.Name, assignment.Value);
        Assert.True(model.TryGetValue("Device.ManagementServer.PeriodicInformEnable", values, out var read));
        Assert.Equal(flat == "Yes" ? "true" : "false", read);
    }

    [Fact]
    public void Line_enable_converts_between_enabled_disabled_and_yes_no()
    {
        var (model, values) = Phone();
        var path = Voice + "2.Line.1.Enable";
        Assert.True(model.TryGetValue(path, values, out var read));
        Assert.Equal("Enabled", read);
        Assert.True(model.TryToFlat(path, "Disabled", values, out var assignment, out _));
        Assert.Equal(("Line_Enable_2_", "No"), (assignment.Name, assignment.Value));
        Assert.False(model.TryToFlat(path, "Quiescent", values, out _, out var error));
        Assert.Equal(MappingErrorKind.InvalidValue, error.Kind);
        Assert.Contains("Quiescent", error.Message, StringComparison.Ordinal);
        Assert.False(model.TryToFlat(path, "Yes", values, out _, out _));
    }

    [Fact]
    public void Proxy_host_and_port_split_and_merge()
    {
        var (model, values) = Phone();
        var host = Voice + "1.SIP.ProxyServer";
        var port = Voice + "1.SIP.ProxyServerPort";
        Assert.True(model.TryGetValue(port, values, out var read));
        Assert.Equal("5060", read);

        values.Set("Proxy_1_", "sip.example.com:5070");
        Assert.True(model.TryGetValue(host, values, out read));
        Assert.Equal("sip.example.com", read);
        Assert.True(model.TryGetValue(port, values, out read));
        Assert.Equal("5070", read);

        Assert.True(model.TryToFlat(host, "proxy2.example.com", values, out var a, out _));
        Assert.Equal("proxy2.example.com:5070", a.Value);
        Assert.True(model.TryToFlat(port, "5080", values, out a, out _));
        Assert.Equal("sip.example.com:5080", a.Value);
        Assert.True(model.TryToFlat(port, "65535", values, out a, out _));
        Assert.Equal("sip.example.com:65535", a.Value);
        Assert.False(model.TryToFlat(port, "70000", values, out _, out var error));
        Assert.Equal(MappingErrorKind.InvalidValue, error.Kind);
    }

    [Fact]
    public void A_port_without_a_host_is_refused_unless_it_is_the_default()
    {
        var (model, values) = Phone();
        var port = Voice + "1.SIP.ProxyServerPort";
        Assert.True(model.TryToFlat(port, "5060", values, out var a, out _));
        Assert.Equal("", a.Value);
        Assert.False(model.TryToFlat(port, "5070", values, out _, out var error));
        Assert.Contains("no host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_batch_accepts_port_before_host()
    {
        var (model, values) = Phone();
        var translation = model.TranslateSet(
        [
            new(Voice + "1.SIP.ProxyServerPort", "5070"),
            new(Voice + "1.SIP.ProxyServer", "sip.example.com"),
            new(Voice + "1.Line.1.DirectoryNumber", "1000"),
        ], values);
        Assert.True(translation.Succeeded);
        Assert.Equal(
            [("Proxy_1_", "sip.example.com:5070"), ("User_ID_1_", "1000")],
            translation.Assignments.Select(a => (a.Name, a.Value)).OrderBy(x => x.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void A_set_batch_reports_every_bad_parameter()
    {
        var (model, values) = Phone("SPA504G");
        var translation = model.TranslateSet(
        [
            new("Device.X_CISCO_COM_FlatProfile.User_ID_5_", "1"),
            new("Device.X_CISCO_COM_FlatProfile.Debug_Level", "7"),
            new("Device.Nope", "x"),
            new("Device.X_CISCO_COM_FlatProfile.GPP_A", "ok"),
        ], values);
        Assert.False(translation.Succeeded);
        Assert.Equal(
            [MappingErrorKind.UnknownParameter, MappingErrorKind.InvalidValue, MappingErrorKind.UnknownParameter],
            translation.Errors.Select(e => e.Kind));
        Assert.Contains("extension 5 does not exist", translation.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_names_and_models_fail_with_a_reason()
    {
        Assert.False(Mapping.TryResolveName("GPP_A", "Unknown-Phone", out _));
        var e = Assert.Throws<KeyNotFoundException>(() => Mapping.ResolveName("Device.X_CISCO_COM_FlatProfile.User_ID_2_", "CP-8831-3PCC"));
        Assert.Contains("extension 2 does not exist on CP-8831-3PCC (1 line)", e.Message, StringComparison.Ordinal);
        Assert.False(Mapping.TryResolveName(Voice + "2.Line.1.DirectoryNumber", "CP-8831-3PCC", out _));
    }

    [Fact]
    public void Every_mapped_path_round_trips_on_every_model_and_root()
    {
        foreach (var phoneModel in Mapping.Catalogue.Models)
        {
            var model = Mapping.ForModel(phoneModel);
            foreach (var root in new[] { Tr069Root.Device, Tr069Root.InternetGatewayDevice })
            {
                var values = new FlatValues(model.Parameters);
                foreach (var path in model.GetPaths(root))
                {
                    var sample = SampleTr069Value(path);
                    Assert.True(model.TryToFlat(path.Path, sample, values, out var assignment, out var error), $"{path}: {error?.Message}");
                    Assert.Same(path.Parameter, assignment.Parameter);
                    Assert.True(values.TrySet(assignment.Parameter, assignment.Value, out _, out var invalid), invalid);
                    var back = model.GetValue(path, values);
                    Assert.Equal(path.IsSecret ? "" : sample, back);
                }
            }
        }
    }

    [Fact]
    public void Paths_of_a_parameter_include_readers_of_its_value()
    {
        var model = Mapping.ForModel("CP-8841-3PCC");
        var userId = model.Parameters.Get("User_ID_1_");
        var paths = model.GetPathsOf(userId).Select(p => p.Path).ToArray();
        Assert.Contains(Voice + "1.Line.1.DirectoryNumber", paths);
        Assert.Contains("Device.X_CISCO_COM_FlatProfile.User_ID_1_", paths);
        Assert.Contains(Voice + "1.Line.1.SIP.AuthUserName", paths);
    }

    [Fact]
    public void Object_paths_list_parents_before_children()
    {
        var objects = Mapping.ForModel("CP-7841-3PCC").GetObjectPaths();
        Assert.Equal("Device.", objects[0]);
        Assert.Contains("Device.X_CISCO_COM_FlatProfile.", objects);
        Assert.Contains(Voice + "4.Line.1.", objects);
        Assert.DoesNotContain(Voice + "5.", objects);
        Assert.True(Array.IndexOf(objects.ToArray(), "Device.Services.") < Array.IndexOf(objects.ToArray(), Voice + "1."));
    }

    [Fact]
    public void Every_flat_parameter_has_a_flat_profile_path_under_both_roots()
    {
        var model = Mapping.ForModel("CP-8851-3PCC");
        foreach (var parameter in model.Parameters.Parameters)
        {
            Assert.Equal("Device.X_CISCO_COM_FlatProfile." + parameter.Name, model.GetFlatProfilePath(parameter).Path);
            Assert.True(model.TryGetPath("InternetGatewayDevice.X_CISCO_COM_FlatProfile." + parameter.Name, out _));
        }
    }

    private static string SampleTr069Value(MappedPath path)
    {
        if (path.IsFlatProfilePath)
        {
            return SampleFlatValue(path.Parameter);
        }

        return path.Conversion switch
        {
            Tr069Conversion.Boolean => "false",
            Tr069Conversion.EnabledDisabled => "Disabled",
            Tr069Conversion.Host => "host.example.com",
            Tr069Conversion.Port => "5071",
            _ => SampleFlatValue(path.Parameter),
        };
    }

    private static string SampleFlatValue(FlatParameter parameter)
    {
        var rule = parameter.Rule;
        return rule.Type switch
        {
            ParameterType.Boolean => parameter.Default == "Yes" ? "No" : "Yes",
            ParameterType.Integer => (rule.Min ?? 0) + 1 <= (rule.Max ?? long.MaxValue) ? ((rule.Min ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : parameter.Default,
            ParameterType.Enumeration => rule.Values[^1],
            ParameterType.Interval => "600,1200,300",
            ParameterType.HourMinute => "0230",
            ParameterType.Version => "11.2.3",
            ParameterType.IntegerList => "66,160",
            ParameterType.Rule => "http://prov.example.com/$MA.cfg",
            ParameterType.Condition => "$PRVTMR ge 600",
            ParameterType.HostPort => "sip.example.com:5062",
            ParameterType.Url => "http://acs.example.com:7547/",
            _ => "value-" + parameter.Name,
        };
    }
}
