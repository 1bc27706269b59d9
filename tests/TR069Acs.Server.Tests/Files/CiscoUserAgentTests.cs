using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Files;

namespace TR069Acs.Server.Tests.Files;

public sealed class CiscoUserAgentTests
{
    [Theory]
    [InlineData("cisco/CP-8831-3PCC (88012BA01234)", "CP-8831-3PCC", null, "88012BA01234")]
    [InlineData("cisco/CP-8841-3PCC-sip88xx.11-0-1 (FCH2216ABCD)", "CP-8841-3PCC", "sip88xx.11-0-1", "FCH2216ABCD")]
    [InlineData("Cisco-CP-8841-3PCC/12.0.1 (00562b04dd5b)(FCH2216ABCD)", "CP-8841-3PCC", "12.0.1", "00562b04dd5b|FCH2216ABCD")]
    [InlineData("Acme-Deskphone/2.1 (SN77)", "Deskphone", "2.1", "SN77")]
    public void Reads_product_version_and_identifiers(string header, string product, string? version, string tokens)
    {
        var agent = CiscoUserAgent.Parse(header, ParameterCatalogue.Default)!;
        Assert.Equal(product, agent.Product);
        Assert.Equal(version, agent.Version);
        Assert.Equal(tokens.Split('|'), agent.Tokens);
    }

    [Fact]
    public void Empty_and_oversized_headers_identify_nothing()
    {
        Assert.Null(CiscoUserAgent.Parse("", ParameterCatalogue.Default));
        Assert.Null(CiscoUserAgent.Parse(new string('x', 5000), ParameterCatalogue.Default));
        Assert.Empty(CiscoUserAgent.Parse("curl/8.5.0", ParameterCatalogue.Default)!.Tokens);
    }
}
