using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Tests.Catalogue;

public class ValueRuleTests
{
    private static readonly ModelParameterSet Set = ParameterCatalogue.Default.GetParameterSet("CP-8841-3PCC");

    [Theory]
    [InlineData("Resync_On_Reset", "yes", "Yes")]
    [InlineData("Resync_On_Reset", "NO", "No")]
    [InlineData("Resync_Random_Delay", "007", "7")]
    [InlineData("Resync_Random_Delay", "65535", "65535")]
    [InlineData("Syslog_Identifier", "$mac", "$MAC")]
    [InlineData("SIP_Transport_1_", "tcp", "TCP")]
    [InlineData("Resync_Periodic", "600 , 1200 , 300", "600,1200,300")]
    [InlineData("Resync_Periodic", "2400+30", "2400+30")]
    [InlineData("Resync_At__HHmm_", "0959", "0959")]
    [InlineData("Resync_At__HHmm_", "2400", "2400")]
    [InlineData("Downgrade_Rev_Limit", "sip88xx.11-0-1", "sip88xx.11-0-1")]
    [InlineData("Profile_Rule", "[--key MyOwnSecret ] tftp://192.168.1.200/basic.cfg", "[--key MyOwnSecret ] tftp://192.168.1.200/basic.cfg")]
    [InlineData("Resync_Trigger_1", "$UPGTMR gt 300 and $PRVTMR ge 600", "$UPGTMR gt 300 and $PRVTMR ge 600")]
    [InlineData("Proxy_1_", "sip.example.com:5070", "sip.example.com:5070")]
    [InlineData("Syslog_Server", "192.168.1.210", "192.168.1.210")]
    [InlineData("ACS_URL", "https://acs.example.com:7547/", "https://acs.example.com:7547/")]
    [InlineData("DHCP_Option_To_Use", "66, 160", "66, 160")]
    [InlineData("GPP_D", "OU=CP-8831-3PCC,\nL=88012BA01234,\nS=000e08abcdef", "OU=CP-8831-3PCC,\nL=88012BA01234,\nS=000e08abcdef")]
    public void Valid_values_are_accepted_and_normalized(string name, string value, string expected)
    {
        Assert.True(Set.Get(name).Rule.TryNormalize(value, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("Resync_On_Reset", "maybe", "Yes or No")]
    [InlineData("Resync_On_Reset", "", "Yes or No")]
    [InlineData("Resync_Random_Delay", "65536", "out of range (0-65535)")]
    [InlineData("Resync_Random_Delay", "-1", "out of range")]
    [InlineData("Resync_Random_Delay", "ten", "expected an integer")]
    [InlineData("Debug_Level", "4", "out of range (0-3)")]
    [InlineData("SIP_Transport_1_", "SCTP", "one of: UDP, TCP, TLS, AUTO")]
    [InlineData("Resync_Periodic", "soon", "not a number of seconds")]
    [InlineData("Resync_At__HHmm_", "2460", "HHmm")]
    [InlineData("Resync_At__HHmm_", "959", "HHmm")]
    [InlineData("Downgrade_Rev_Limit", "latest", "firmware version")]
    [InlineData("Profile_Rule", "[--key] tftp://x/y", "--key needs a value")]
    [InlineData("Profile_Rule", "gds://", "unsupported scheme 'gds'")]
    [InlineData("Resync_Trigger_1", "$UPGTMR gt", "found the end")]
    [InlineData("Proxy_1_", "sip.example.com:99999", "host:port")]
    [InlineData("ACS_URL", "ftp://acs/", "http:// or https://")]
    [InlineData("DHCP_Option_To_Use", "66,300", "out of range (1-254)")]
    [InlineData("Station_Name", "bell\u0007", "control characters")]
    public void Invalid_values_are_refused_with_a_reason(string name, string value, string reasonPart)
    {
        Assert.False(Set.Get(name).Rule.TryNormalize(value, out _, out var error));
        Assert.Contains(reasonPart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_longer_than_their_limit_are_refused()
    {
        var rule = Set.Get("Station_Name").Rule;
        Assert.True(rule.TryNormalize(new string('a', 64), out _, out _));
        Assert.False(rule.TryNormalize(new string('a', 65), out _, out var error));
        Assert.Contains("longer than 64", error, StringComparison.Ordinal);
    }
}
