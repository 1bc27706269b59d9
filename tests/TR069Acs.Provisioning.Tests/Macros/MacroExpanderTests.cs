using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Provisioning.Tests.Macros;

public class MacroExpanderTests
{
    private static MacroContext Phone()
    {
        var catalogue = ParameterCatalogue.Default;
        var model = catalogue.GetModel("CP-8831-3PCC");
        var values = new FlatValues(catalogue.GetParameterSet(model));
        values.Set("GPP_A", "ABCDEF");
        values.Set("GPP_B", "Dj6Lmp23Q");
        values.Set("GPP_P", "pee");
        values.Set("GPP_SA", "secretkey");
        values.Set("User_ID_1_", "4085551000");
        return MacroContext.ForPhone(model, values, "00:0E:08:AB:CD:EF", "88012BA01234", "sip8831.11-0-1");
    }

    [Theory]
    [InlineData("tftp://192.168.1.200/CP-8831-3PCC$MA.cfg", "tftp://192.168.1.200/CP-8831-3PCC000e08abcdef.cfg")]
    [InlineData("tftp://prov.telco.com/cisco/$B/$MA.cfg", "tftp://prov.telco.com/cisco/Dj6Lmp23Q/000e08abcdef.cfg")]
    [InlineData("$MAU", "000E08ABCDEF")]
    [InlineData("$MAC", "00:0e:08:ab:cd:ef")]
    [InlineData("$MACX", "00:0e:08:ab:cd:efX")]
    [InlineData("$SN", "88012BA01234")]
    [InlineData("$PN", "CP-8831-3PCC")]
    [InlineData("/$PSN.xml", "/8831.xml")]
    [InlineData("$PN.cfg", "CP-8831-3PCC.cfg")]
    [InlineData("$SWVER", "sip8831.11-0-1")]
    [InlineData("$HWVER", "V01")]
    [InlineData("$CCERT", "Not Installed")]
    [InlineData("$P", "pee")]
    [InlineData("$PATH", "")]
    [InlineData("[--key $SA]", "[--key secretkey]")]
    [InlineData("$GPP_A", "ABCDEF")]
    [InlineData("$GPP_SA", "secretkey")]
    [InlineData("$UID1", "4085551000")]
    [InlineData("cost $$5", "cost $5")]
    [InlineData("$$MA", "$MA")]
    [InlineData("price$", "price$")]
    public void Built_in_macros_expand(string template, string expected) =>
        Assert.Equal(expected, MacroExpander.Expand(template, Phone()));

    [Theory]
    [InlineData("$(A)", "ABCDEF")]
    [InlineData("$(A:2)", "CDEF")]
    [InlineData("$(A:2:3)", "CDE")]
    [InlineData("$(A:0:1)", "A")]
    [InlineData("$(A:6)", "")]
    [InlineData("$(A:99:2)", "")]
    [InlineData("$(A:4:10)", "EF")]
    [InlineData("$(MA:0:6)", "000e08")]
    [InlineData("x$(MA)y", "x000e08abcdefy")]
    [InlineData("$(GPP_B:0:3)", "Dj6")]
    [InlineData("$(User_ID_1_:3)", "5551000")]
    public void Parenthesized_macros_and_substrings(string template, string expected) =>
        Assert.Equal(expected, MacroExpander.Expand(template, Phone()));

    [Theory]
    [InlineData("$XYZ")]
    [InlineData("$ma")]
    [InlineData("$(Nope)")]
    [InlineData("$(Nope:1:2)")]
    [InlineData("$(A:x)")]
    [InlineData("$(A:1:-1)")]
    [InlineData("$(A")]
    [InlineData("$()")]
    [InlineData("$(A B)")]
    public void Unknown_or_malformed_macros_stay_unchanged(string template) =>
        Assert.Equal(template, MacroExpander.Expand(template, Phone()));

    [Fact]
    public void Request_macros_fill_the_default_log_messages()
    {
        var context = Phone();
        context.SetRequest("tftp", "192.168.1.200", "192.168.1.200", 69, "/basic.txt");
        Assert.Equal(
            "CP-8831-3PCC 00:0e:08:ab:cd:ef -- Requesting resync tftp://192.168.1.200:69/basic.txt",
            MacroExpander.Expand("$PN $MAC -- Requesting resync $SCHEME://$SERVIP:$PORT$PATH", context));
        context.Error = "file not found";
        Assert.Equal("CP-8831-3PCC 00:0e:08:ab:cd:ef -- Resync failed: file not found", MacroExpander.Expand("$PN $MAC -- Resync failed: $ERR", context));
    }

    [Fact]
    public void Expansion_is_a_single_pass_so_values_are_never_expanded_again()
    {
        var context = Phone();
        context.Values!.Set("GPP_C", "$MA");
        Assert.Equal("$MA", MacroExpander.Expand("$C", context));
    }

    [Fact]
    public void Timers_and_overrides_come_from_the_context()
    {
        var context = Phone();
        context.UpgradeTimerSeconds = 301;
        context.ProvisioningTimerSeconds = 600;
        context.ClientCertificateInstalled = true;
        context.Set("REGTMR1", "12");
        Assert.Equal("301 600 Installed", MacroExpander.Expand("$UPGTMR $PRVTMR $CCERT", context));
        Assert.Equal("12", MacroExpander.Expand("$(REGTMR1)", context));
    }

    [Fact]
    public void A_malformed_mac_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MacroContext { Mac = "00:0e:08" });
        Assert.Throws<ArgumentException>(() => new MacroContext { Mac = "zz0e08abcdef" });
    }

    [Fact]
    public void Text_without_dollar_is_returned_as_is()
    {
        const string text = "tftp://192.168.1.200/basic.txt";
        Assert.Same(text, MacroExpander.Expand(text, Phone()));
    }
}
