using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Tests.Catalogue;

public class HostPortTests
{
    [Theory]
    [InlineData("sip.example.com", "sip.example.com", null)]
    [InlineData("sip.example.com:5070", "sip.example.com", 5070)]
    [InlineData("192.168.1.210", "192.168.1.210", null)]
    [InlineData("[2001:db8::1]:5060", "2001:db8::1", 5060)]
    [InlineData("2001:db8::1", "2001:db8::1", null)]
    [InlineData(" 10.0.0.1:514 ", "10.0.0.1", 514)]
    public void Parses_host_and_optional_port(string text, string host, int? port)
    {
        Assert.True(HostPort.TryParse(text, out var value));
        Assert.Equal(host, value.Value.Host);
        Assert.Equal(port, value.Value.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("bad host")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("a:b:c")]
    public void Refuses_malformed_settings(string text) => Assert.False(HostPort.TryParse(text, out _));

    [Fact]
    public void Ipv6_with_port_is_written_in_brackets()
    {
        Assert.Equal("[::1]:5060", new HostPort("::1", 5060).ToString());
        Assert.Equal("::1", new HostPort("::1", null).ToString());
        Assert.Equal(5060, new HostPort("h", null).PortOr(5060));
    }
}
