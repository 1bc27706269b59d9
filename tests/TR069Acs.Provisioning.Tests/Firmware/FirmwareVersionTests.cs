using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Provisioning.Tests.Firmware;

public class FirmwareVersionTests
{
    [Theory]
    [InlineData("sip88xx.11-0-1", "11.0.1", 0)]
    [InlineData("11-0-1", "11.0.1", 0)]
    [InlineData("11.0", "11.0.0", 0)]
    [InlineData("v11.0.1", "11.0.1", 0)]
    [InlineData("11.0.2", "11.0.1", 1)]
    [InlineData("11.0.10", "11.0.9", 1)]
    [InlineData("10.9.9", "11.0.0", -1)]
    [InlineData("sip88xx.11-2-3MSR1-1", "11.2.3", 1)]
    [InlineData("sip88xx.11-2-3MSR1-1", "sip88xx.11-2-3MSR1-2", -1)]
    [InlineData("sip88xx.11-2-3MSR10-1", "sip88xx.11-2-3MSR9-1", 1)]
    [InlineData("7.5.5(b)", "7.5.5(a)", 1)]
    [InlineData("2.0.6(b)", "2.0.6", 1)]
    [InlineData("sip78xx.14-1-1MN-366", "14.1.1", 1)]
    public void Versions_compare_by_numbers_then_suffix(string left, string right, int sign)
    {
        Assert.Equal(sign, Math.Sign(FirmwareVersion.Compare(left, right)));
        Assert.Equal(-sign, Math.Sign(FirmwareVersion.Compare(right, left)));
        if (sign == 0)
        {
            Assert.Equal(FirmwareVersion.Parse(left), FirmwareVersion.Parse(right));
            Assert.Equal(FirmwareVersion.Parse(left).GetHashCode(), FirmwareVersion.Parse(right).GetHashCode());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("sip88xx")]
    [InlineData("11.0.1 beta")]
    [InlineData("..")]
    [InlineData("1234567890123456789012")]
    public void Non_versions_are_refused(string text)
    {
        Assert.False(FirmwareVersion.TryParse(text, out _));
        Assert.Throws<FormatException>(() => FirmwareVersion.Parse(text));
    }

    [Fact]
    public void The_prefix_and_suffix_are_kept()
    {
        var version = FirmwareVersion.Parse("sip88xx.11-2-3MSR1-1");
        Assert.Equal("sip88xx", version.Prefix);
        Assert.Equal([11L, 2, 3], version.Numbers);
        Assert.Equal("MSR1-1", version.Suffix);
        Assert.Equal("sip88xx.11-2-3MSR1-1", version.ToString());
    }

    [Theory]
    [InlineData("11.0.2", "", true)]
    [InlineData("11.0.2", "11.0.1", true)]
    [InlineData("11.0.1", "11.0.1", true)]
    [InlineData("11.0.0", "sip88xx.11-0-1", false)]
    [InlineData("10.4.1", "11.0.1", false)]
    [InlineData("10.4.1", "garbage", true)]
    public void Downgrade_rev_limit_sets_the_floor(string candidate, string limit, bool allowed) =>
        Assert.Equal(allowed, FirmwareVersion.IsAllowedByDowngradeLimit(FirmwareVersion.Parse(candidate), limit));

    [Fact]
    public void Operators_follow_compare()
    {
        var a = FirmwareVersion.Parse("11.0.1");
        var b = FirmwareVersion.Parse("11.0.2");
        Assert.True(a < b && b > a && a <= b && b >= a);
    }
}
