namespace TR069Acs.Agent.Tests.Admin;

/// <summary>A fleet's web admin takes consecutive ports from <see cref="PhoneOptions.AdminPort"/>; options that
/// cannot give every phone a port are refused up front with a message naming the problem.</summary>
public sealed class AdminPortTests
{
    [Theory]
    [InlineData(0, 2)]        // a free port only works for one phone
    [InlineData(65535, 2)]    // the second phone would need port 65536
    [InlineData(-1, 1)]
    public void Ports_that_do_not_fit_the_fleet_are_refused(int port, int count)
    {
        var options = new PhoneOptions { AcsUrl = new Uri("http://127.0.0.1:1/"), AdminPort = port, Count = count };

        var error = Assert.Throws<ArgumentException>(() => new PhoneFleet(options));

        Assert.Contains("Admin port", error.Message, StringComparison.Ordinal);
    }
}
