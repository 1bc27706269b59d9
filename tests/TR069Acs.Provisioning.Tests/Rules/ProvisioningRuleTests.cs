using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Macros;
using TR069Acs.Provisioning.Rules;

namespace TR069Acs.Provisioning.Tests.Rules;

public class ProvisioningRuleTests
{
    private static readonly HostPort Dhcp = new("192.168.1.200", null);

    private static MacroContext Context()
    {
        var model = ParameterCatalogue.Default.GetModel("CP-8841-3PCC");
        var values = new FlatValues(ParameterCatalogue.Default.GetParameterSet(model));
        values.Set("GPP_A", "8e4ca259");
        values.Set("GPP_B", "Gp3sqLn");
        values.Set("GPP_SA", "Secret Key");
        return MacroContext.ForPhone(model, values, "000e08abcdef", "88012BA01234");
    }

    [Theory]
    [InlineData("tftp://192.168.1.200/basic.txt", RuleScheme.Tftp, "192.168.1.200", 69, "/basic.txt")]
    [InlineData("http://192.168.1.200/basic.txt", RuleScheme.Http, "192.168.1.200", 80, "/basic.txt")]
    [InlineData("https://my.server.com/basic.txt", RuleScheme.Https, "my.server.com", 443, "/basic.txt")]
    [InlineData("HTTPS://prov.server.com/cgi-bin/reflect.pl?", RuleScheme.Https, "prov.server.com", 443, "/cgi-bin/reflect.pl?")]
    [InlineData("tftp://prov.telco.com:6900/cisco/config/$PN.cfg", RuleScheme.Tftp, "prov.telco.com", 6900, "/cisco/config/CP-8841-3PCC.cfg")]
    [InlineData("tftp://prov.telco.com/cisco/$B/$MA.cfg", RuleScheme.Tftp, "prov.telco.com", 69, "/cisco/Gp3sqLn/000e08abcdef.cfg")]
    [InlineData("tftp.callme.com/profile/$B/spa962.cfg", RuleScheme.Tftp, "tftp.callme.com", 69, "/profile/Gp3sqLn/spa962.cfg")]
    [InlineData("/$PSN.xml", RuleScheme.Tftp, "192.168.1.200", 69, "/8841.xml")]
    [InlineData("tftp:///basic.txt", RuleScheme.Tftp, "192.168.1.200", 69, "/basic.txt")]
    [InlineData("http:///basic.txt", RuleScheme.Http, "192.168.1.200", 80, "/basic.txt")]
    [InlineData("http://[2001:db8::1]:8080/p.xml", RuleScheme.Http, "2001:db8::1", 8080, "/p.xml")]
    [InlineData("  http://h/x  ", RuleScheme.Http, "h", 80, "/x")]
    public void Urls_resolve_with_default_scheme_server_and_port(string text, RuleScheme scheme, string host, int port, string path)
    {
        var target = ProvisioningRule.Parse(text).Resolve(Context(), Dhcp);
        Assert.Equal((scheme, host, port, path), (target.Scheme, target.Host, target.Port, target.Path));
        Assert.Null(target.Key);
    }

    [Fact]
    public void The_dhcp_servers_port_applies_to_tftp()
    {
        var target = ProvisioningRule.Parse("/basic.txt").Resolve(Context(), new HostPort("127.0.0.1", 6969));
        Assert.Equal(("127.0.0.1", 6969, true), (target.Host, target.Port, target.ServerFromDhcp));
        Assert.Equal("tftp://127.0.0.1:6969/basic.txt", target.Url);
        Assert.Equal("basic.txt", target.TftpFileName);
    }

    [Theory]
    [InlineData("[--key MyOwnSecret ] tftp://192.168.1.200/basic.cfg", "MyOwnSecret")]
    [InlineData("[--key \"My Own Secret\"] tftp://192.168.1.200/basic.cfg", "My Own Secret")]
    [InlineData("[ --key 'x]y' ]tftp://192.168.1.200/basic.cfg", "x]y")]
    [InlineData("[--key $A] tftp://192.168.1.200/basic.cfg", "8e4ca259")]
    [InlineData("[--key \"$SA\"] tftp://192.168.1.200/basic.cfg", "Secret Key")]
    public void Keys_are_quoted_or_not_and_macros_expand(string text, string key)
    {
        var target = ProvisioningRule.Parse(text).Resolve(Context(), Dhcp);
        Assert.Equal(key, target.Key);
        Assert.DoesNotContain(key, target.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_come_from_options_or_user_info()
    {
        var target = ProvisioningRule.Parse("[--uid joe --pwd \"p w\"] http://h/x").Resolve(Context());
        Assert.Equal(("joe", "p w"), (target.Username, target.Password));
        target = ProvisioningRule.Parse("http://ann:s%40cret@h/x").Resolve(Context());
        Assert.Equal(("ann", "s@cret", "h"), (target.Username, target.Password, target.Host));
    }

    [Fact]
    public void A_condition_prefix_gates_the_rule()
    {
        var rule = ProvisioningRule.Parse("( $SWVER ne 11.0.1 )? [--key $A] http://ps.tell.com/sw/sip88xx.11-0-2.loads");
        Assert.NotNull(rule.Condition);
        var context = Context();
        context.SoftwareVersion = "sip88xx.11-0-1";
        Assert.False(rule.IsSatisfied(context));
        context.SoftwareVersion = "sip88xx.10-4-1";
        Assert.True(rule.IsSatisfied(context));
        Assert.Equal("8e4ca259", rule.Resolve(context).Key);
        Assert.True(ProvisioningRule.Parse("[--key k] ($UPGTMR gt 3)? http://h/x").Condition is not null);
        Assert.True(ProvisioningRule.Parse("http://h/x").IsSatisfied(context));
    }

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("[--key] tftp://h/x", 6, "--key needs a value")]
    [InlineData("[--kee x] tftp://h/x", 1, "unknown option '--kee'")]
    [InlineData("[--key a --key b] tftp://h/x", 9, "given twice")]
    [InlineData("[--key x tftp://h/x", 0, "missing ']'")]
    [InlineData("[--key \"x] tftp://h/x", 7, "unterminated")]
    [InlineData("( 1 eq 1 ) tftp://h/x", 11, "expected '?'")]
    [InlineData("( 1 eq ) ? tftp://h/x", 7, "expected a value")]
    [InlineData("(1 eq 1)? (2 eq 2)? tftp://h/x", 10, "a second condition")]
    [InlineData("[--key k]", 9, "expected a URL")]
    [InlineData("tftp://h/x extra", 10, "unexpected text after the URL")]
    [InlineData("gds://", 0, "unsupported scheme 'gds'")]
    [InlineData("ftp://h/x", 0, "unsupported scheme 'ftp'")]
    [InlineData("tftp://h:99999/x", 0, "port of 1-65535")]
    [InlineData("tftp://h", 0, "names no file")]
    [InlineData("basic.txt", 0, "names no file")]
    [InlineData("tftp://user:pw@h/x", 0, "TFTP URLs cannot carry")]
    public void Bad_syntax_is_a_clear_error_with_position(string text, int position, string reasonPart)
    {
        var e = Assert.Throws<ProvisioningRuleException>(() => ProvisioningRule.Parse(text));
        Assert.Contains(reasonPart, e.Message, StringComparison.Ordinal);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void A_rule_without_server_needs_the_dhcp_server()
    {
        var rule = ProvisioningRule.Parse("/$PSN.xml");
        var e = Assert.Throws<ProvisioningRuleException>(() => rule.Resolve(Context()));
        Assert.Equal(RuleErrorKind.NoServer, e.Kind);
        Assert.Contains("DHCP", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_made_bad_by_a_macro_fails_at_resolve_time()
    {
        var context = Context();
        context.Values!.Set("GPP_C", "ftp://nowhere/x");
        var rule = ProvisioningRule.Parse("$C");
        var e = Assert.Throws<ProvisioningRuleException>(() => rule.Resolve(context, Dhcp));
        Assert.Equal(RuleErrorKind.Url, e.Kind);
    }

    [Fact]
    public void A_macro_value_cannot_inject_options()
    {
        var context = Context();
        context.Values!.Set("GPP_C", "[--key x]");
        Assert.Throws<ProvisioningRuleException>(() => ProvisioningRule.Parse("http://h/$C").Resolve(context));
    }

    [Fact]
    public void Plain_urls_from_the_admin_page_resolve()
    {
        var target = ProvisioningRule.ResolveUrl("tftp://192.168.1.200/basic.txt");
        Assert.Equal("tftp://192.168.1.200:69/basic.txt", target.Url);
        Assert.Equal(new Uri("http://h:80/a?b"), ProvisioningRule.ResolveUrl("http://h/a?b").ToUri());
    }
}
