using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Tests.Catalogue;

public class CatalogueTests
{
    private static readonly ParameterCatalogue Catalogue = ParameterCatalogue.Default;

    // Every flat parameter the seeds name, with the factory value the guides give (null: no stated default).
    [Theory]
    [InlineData("Provision_Enable", "Yes")]
    [InlineData("Resync_On_Reset", "Yes")]
    [InlineData("Resync_Random_Delay", "2")]
    [InlineData("Resync_At__HHmm_", "")]
    [InlineData("Resync_At_Random_Delay", "600")]
    [InlineData("Resync_Periodic", "3600")]
    [InlineData("Resync_Error_Retry_Delay", "60,120,240,480,960,1920,3840,7680,15360,30720,61440,86400")]
    [InlineData("Forced_Resync_Delay", "14400")]
    [InlineData("Resync_From_SIP", "Yes")]
    [InlineData("Resync_After_Upgrade_Attempt", "Yes")]
    [InlineData("Resync_Trigger_1", "")]
    [InlineData("Resync_Trigger_2", "")]
    [InlineData("User_Configurable_Resync", "Yes")]
    [InlineData("Resync_Fails_On_FNF", "Yes")]
    [InlineData("Profile_Authentication_Type", "Basic Http Authentication")]
    [InlineData("Profile_Rule_B", "")]
    [InlineData("Profile_Rule_C", "")]
    [InlineData("Profile_Rule_D", "")]
    [InlineData("DHCP_Option_To_Use", "66,160,159,150,60,43,125")]
    [InlineData("DHCPv6_Option_To_Use", "17,160,159")]
    [InlineData("Log_Request_Msg", "$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH")]
    [InlineData("Log_Success_Msg", "$PN $MAC -- Successful resync $SCHEME://$SERVIP:$PORT$PATH")]
    [InlineData("Log_Failure_Msg", "$PN $MAC -- Resync failed: $ERR")]
    [InlineData("Upgrade_Enable", "Yes")]
    [InlineData("Upgrade_Error_Retry_Delay", "3600")]
    [InlineData("Downgrade_Rev_Limit", "")]
    [InlineData("Upgrade_Rule", "")]
    [InlineData("Log_Upgrade_Request_Msg", null)]
    [InlineData("Log_Upgrade_Success_Msg", null)]
    [InlineData("Log_Upgrade_Failure_Msg", null)]
    [InlineData("Syslog_Server", "")]
    [InlineData("Syslog_Identifier", "None")]
    [InlineData("Debug_Server", "")]
    [InlineData("Debug_Level", null)]
    [InlineData("Transition_Authorization_Error_Retry_Delay", "1800")]
    [InlineData("Trans_Auth_Rule", null)]
    [InlineData("Trans_Auth_Type", null)]
    [InlineData("MIC_Cert_Refresh_Enable", "No")]
    [InlineData("MIC_Cert_Refresh_Rule", "http://sudirenewal.cisco.com/")]
    [InlineData("Enable_TR-069", null)]
    [InlineData("ACS_URL", null)]
    [InlineData("ACS_Username", null)]
    [InlineData("ACS_Password", null)]
    [InlineData("Connection_Request_Username", null)]
    [InlineData("Connection_Request_Password", null)]
    [InlineData("Periodic_Inform_Enable", null)]
    [InlineData("Periodic_Inform_Interval", null)]
    [InlineData("Primary_NTP_Server", null)]
    [InlineData("Secondary_NTP_Server", null)]
    [InlineData("Time_Zone", null)]
    [InlineData("Admin_Passwd", null)]
    [InlineData("User_Password", null)]
    [InlineData("Station_Name", null)]
    public void Seed_parameter_is_in_the_catalogue_with_its_documented_default(string name, string? expectedDefault)
    {
        Assert.True(Catalogue.TryGetDefinition(name, out var definition), name);
        if (expectedDefault is not null)
        {
            Assert.Equal(expectedDefault, definition.Default);
        }
    }

    [Fact]
    public void General_purpose_registers_A_to_P_and_SA_to_SD_exist_and_only_the_S_ones_are_secret()
    {
        foreach (var letter in "ABCDEFGHIJKLMNOP")
        {
            Assert.True(Catalogue.TryGetDefinition($"GPP_{letter}", out var gpp));
            Assert.False(gpp.IsSensitive);
            Assert.Equal("", gpp.Default);
        }

        foreach (var letter in "ABCD")
        {
            Assert.True(Catalogue.TryGetDefinition($"GPP_S{letter}", out var secret));
            Assert.True(secret.IsSensitive);
        }
    }

    [Theory]
    [InlineData("User_ID_n_")]
    [InlineData("Password_n_")]
    [InlineData("Auth_ID_n_")]
    [InlineData("Display_Name_n_")]
    [InlineData("Proxy_n_")]
    [InlineData("Outbound_Proxy_n_")]
    [InlineData("Use_Outbound_Proxy_n_")]
    [InlineData("Register_n_")]
    [InlineData("Register_Expires_n_")]
    [InlineData("SIP_Port_n_")]
    [InlineData("SIP_Transport_n_")]
    [InlineData("Line_Enable_n_")]
    [InlineData("Privacy_Header_n_")]
    public void Line_parameters_are_templates_expanded_per_extension(string template)
    {
        Assert.True(Catalogue.TryGetDefinition(template, out var definition));
        Assert.True(definition.IsPerLine);
        var set = Catalogue.GetParameterSet("CP-8841-3PCC");
        var prefix = template[..^2];
        Assert.True(set.TryGet(prefix + "10_", out _));
        Assert.False(set.TryGet(prefix + "11_", out _));
        Assert.True(Catalogue.TryGetDefinition(prefix + "7_", out var viaConcrete));
        Assert.Same(definition, viaConcrete);
    }

    [Theory]
    [InlineData("CP-8831-3PCC", 1, "/$PN.cfg")]
    [InlineData("CP-7841-3PCC", 4, "/$PSN.xml")]
    [InlineData("CP-8841-3PCC", 10, "/$PSN.xml")]
    [InlineData("CP-8851-3PCC", 10, "/$PSN.xml")]
    [InlineData("SPA504G", 4, "/spa$PSN.cfg")]
    public void Model_table_has_line_count_and_factory_profile_rule(string name, int lines, string profileRule)
    {
        var model = Catalogue.GetModel(name);
        Assert.Equal(lines, model.Lines);
        Assert.Equal(profileRule, model.DefaultProfileRule);
        Assert.Equal(profileRule, Catalogue.GetParameterSet(model).Get("Profile_Rule").Default);
        Assert.NotEmpty(model.HardwareVersion);
        Assert.NotEmpty(model.SoftwareVersion);
    }

    [Fact]
    public void Model_lookup_ignores_case_and_unknown_models_name_the_known_ones()
    {
        Assert.Same(Catalogue.GetModel("CP-8841-3PCC"), Catalogue.GetModel("cp-8841-3pcc"));
        var e = Assert.Throws<KeyNotFoundException>(() => Catalogue.GetModel("CP-9999"));
        Assert.Contains("SPA504G", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sip_port_defaults_step_by_one_per_extension()
    {
        var set = Catalogue.GetParameterSet("SPA504G");
        Assert.Equal("5060", set.Get("SIP_Port_1_").Default);
        Assert.Equal("5063", set.Get("SIP_Port_4_").Default);
    }

    [Fact]
    public void Extension_tab_names_carry_the_extension_number()
    {
        var set = Catalogue.GetParameterSet("CP-7841-3PCC");
        Assert.Equal("Ext 3", set.Get("User_ID_3_").Tab);
        Assert.Equal("Provisioning", set.Get("GPP_A").Tab);
        Assert.Equal("System", set.Get("Syslog_Server").Tab);
    }

    [Fact]
    public void Unknown_names_are_explained_differently_for_missing_extensions()
    {
        var set = Catalogue.GetParameterSet("SPA504G");
        Assert.Contains("extension 5 does not exist on SPA504G (4 lines)", set.DescribeUnknown("User_ID_5_"), StringComparison.Ordinal);
        Assert.True(set.IsMissingExtension("User_ID_5_"));
        Assert.Contains("not a parameter", set.DescribeUnknown("Bogus_Param"), StringComparison.Ordinal);
        Assert.False(set.IsMissingExtension("Bogus_Param"));
    }

    [Fact]
    public void Every_default_satisfies_its_own_rule_on_every_model()
    {
        foreach (var model in Catalogue.Models)
        {
            foreach (var parameter in Catalogue.GetParameterSet(model).Parameters)
            {
                Assert.True(parameter.Rule.TryNormalize(parameter.Default, out var normalized, out var error), $"{model}/{parameter}: {error}");
                Assert.Equal(parameter.Default, normalized);
            }
        }
    }

    [Fact]
    public void A_profile_of_200_parameters_fits_the_largest_model()
    {
        Assert.True(Catalogue.GetParameterSet("CP-8841-3PCC").Count >= 200);
    }

    [Fact]
    public void Firmware_file_names_follow_the_model_pattern()
    {
        Assert.Equal("sip88xx.11-2-3MSR1-1.loads", Catalogue.GetModel("CP-8841-3PCC").FirmwareFileName("sip88xx.11-2-3MSR1-1"));
        Assert.Equal("sip88xx.11-2-3.loads", Catalogue.GetModel("CP-8851-3PCC").FirmwareFileName("11.2.3"));
        Assert.Equal("spa50x-30x-7-6-2.bin", Catalogue.GetModel("SPA504G").FirmwareFileName("7.6.2"));
    }
}
