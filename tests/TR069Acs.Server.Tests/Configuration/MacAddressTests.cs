using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Tests.Configuration;

public sealed class MacAddressTests
{
    [Theory]
    [InlineData("00562b04dd5b.cfg", "00562b04dd5b")]
    [InlineData("spa00562B04DD5B.cfg", "00562b04dd5b")]          // spa$MA.cfg: the prefix ends in a hex letter
    [InlineData("00:56:2B:04:DD:5B.xml", "00562b04dd5b")]
    [InlineData("cfg-00-56-2b-04-dd-5b.xml", "00562b04dd5b")]
    [InlineData("dir/SEP00562B04DD5B.cnf.xml", "00562b04dd5b")]
    [InlineData("CP-8841-3PCC.xml", null)]
    [InlineData("8841.xml", null)]
    [InlineData("00562b04dd.cfg", null)]                           // 10 digits
    [InlineData("e3b0c44298fc1c149afbf4c8996fb924.bin", null)]     // a hash, not a MAC
    [InlineData("00:56:2B-04:DD:5B.xml", null)]                    // mixed separators
    public void Finds_the_MAC_in_a_file_name(string name, string? mac) => Assert.Equal(mac, MacAddress.FindIn(name));

    [Theory]
    [InlineData("00562B04DD5B", "00562b04dd5b")]
    [InlineData(" 00-56-2b-04-dd-5b ", "00562b04dd5b")]
    [InlineData("00562B04DD5B0", null)]
    [InlineData("x00562B04DD5B", null)]
    [InlineData("", null)]
    public void Normalises_a_whole_MAC(string text, string? mac)
    {
        Assert.Equal(mac is not null, MacAddress.TryNormalize(text, out var normalized));
        Assert.Equal(mac, normalized);
    }
}
