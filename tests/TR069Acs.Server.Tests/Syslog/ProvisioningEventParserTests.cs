using TR069Acs.Server.Syslog;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>The default <c>Log_*_Msg</c> templates of catalogue.json, expanded as a phone sends them.</summary>
public sealed class ProvisioningEventParserTests
{
    [Theory]
    [InlineData("CP-8841-3PCC 00:0e:08:ab:cd:ef -- Requesting resync tftp://192.168.1.200:69/basic.txt", ProvisioningEventKind.ResyncRequest, "tftp://192.168.1.200:69/basic.txt", null)]
    [InlineData("CP-8841-3PCC 00:0e:08:ab:cd:ef –- Successful resync tftp://192.168.1.200/basic.txt", ProvisioningEventKind.ResyncSuccess, "tftp://192.168.1.200/basic.txt", null)]
    [InlineData("CP-8841-3PCC 00:0e:08:ab:cd:ef -- Resync failed: file not found", ProvisioningEventKind.ResyncFailure, null, "file not found")]
    [InlineData("CP-8841-3PCC 00:0e:08:ab:cd:ef -- Requesting upgrade http://10.0.0.1:80/sip88xx.12-0-2.loads", ProvisioningEventKind.UpgradeRequest, "http://10.0.0.1:80/sip88xx.12-0-2.loads", null)]
    [InlineData("CP-8841-3PCC 00:0e:08:ab:cd:ef -- Successful upgrade http://10.0.0.1:80/sip88xx.12-0-2.loads -- ", ProvisioningEventKind.UpgradeSuccess, "http://10.0.0.1:80/sip88xx.12-0-2.loads", null)]
    [InlineData("CP-8841-3PCC 00:0e:08:ab:cd:ef -- Upgrade failed: wrong model (CP-7841-3PCC image)", ProvisioningEventKind.UpgradeFailure, null, "wrong model (CP-7841-3PCC image)")]
    [InlineData("RESYNC FAILED: timeout", ProvisioningEventKind.ResyncFailure, null, "timeout")]
    public void The_default_templates_read_as_their_event(string text, ProvisioningEventKind kind, string? url, string? error)
    {
        var e = ProvisioningEventParser.Parse(text)!;

        Assert.Equal(kind, e.Kind);
        Assert.Equal(url, e.Url);
        Assert.Equal(error, e.Error);
    }

    [Fact]
    public void The_first_phrase_wins_so_an_error_text_quoting_another_cannot_change_the_event()
    {
        var e = ProvisioningEventParser.Parse("SPA504G 0011aabbccdd -- Resync failed: server said 'Successful upgrade' by mistake")!;

        Assert.Equal(ProvisioningEventKind.ResyncFailure, e.Kind);
        Assert.Equal("server said 'Successful upgrade' by mistake", e.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SIP registration succeeded")]
    [InlineData("unresync failedness")]
    [InlineData("Resyncing failed")]
    public void Other_text_is_no_event(string text) => Assert.Null(ProvisioningEventParser.Parse(text));

    [Fact]
    public void A_failure_without_a_reason_has_no_error_text()
        => Assert.Null(ProvisioningEventParser.Parse("CP-8841-3PCC 00:0e:08:ab:cd:ef -- Resync failed: ")!.Error);
}
