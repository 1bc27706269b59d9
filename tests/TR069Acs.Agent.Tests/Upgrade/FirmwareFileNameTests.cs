using TR069Acs.Agent.Upgrade;

namespace TR069Acs.Agent.Tests.Upgrade;

public sealed class FirmwareFileNameTests
{
    [Theory]
    [InlineData("", "http://files.test/firmware/sip88xx.12-0-2-0001-1.loads", "sip88xx.12-0-2-0001-1")]
    [InlineData("", "http://files.test/fw/sip78xx.11-3-7MPP0001-609.loads?token=abc", "sip78xx.11-3-7MPP0001-609")]
    [InlineData("sip88xx.12-5-1MPP0001-12.loads", "http://files.test/blob/4711", "sip88xx.12-5-1MPP0001-12")]
    [InlineData("images/sip88xx.12-5-1.zip", "http://files.test/blob", "sip88xx.12-5-1")]
    [InlineData("firmware.bin", "http://files.test/sip88xx.12-0-3.bin", "sip88xx.12-0-3")]     // target name has no digits
    [InlineData("", "http://files.test/sip88xx.12-0-2", "sip88xx.12-0-2")]                   // the dotted part is no extension
    public void The_version_is_read_from_the_file_names(string target, string url, string expected)
        => Assert.Equal(expected, FirmwareFileName.FromDownload(target, new Uri(url)));

    [Theory]
    [InlineData("", "http://files.test/firmware/latest.bin")]
    [InlineData("", "http://files.test/")]
    [InlineData("rm -rf 1", "http://files.test/x")]
    public void No_version_when_neither_name_looks_like_one(string target, string url)
        => Assert.Null(FirmwareFileName.FromDownload(target, new Uri(url)));
}
