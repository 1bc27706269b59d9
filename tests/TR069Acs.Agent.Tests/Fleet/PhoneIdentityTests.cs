using TR069Acs.Agent.Fleet;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Fleet;

public sealed class PhoneIdentityTests
{
    [Fact]
    public void A_fleet_increments_the_mac_and_derives_serials_from_it()
    {
        var identities = PhoneIdentity.Generate("00:23:eb:00:00:ff", null, 3);

        Assert.Equal(["0023EB0000FF", "0023EB000100", "0023EB000101"], identities.Select(i => i.Mac));
        Assert.Equal(["FCHEB0000FF", "FCHEB000100", "FCHEB000101"], identities.Select(i => i.Serial));
        Assert.Equal("0023EB", identities[0].Oui);
        Assert.Equal("00:23:EB:00:00:FF", identities[0].MacWithColons);
    }

    [Fact]
    public void A_given_serial_has_its_trailing_digits_incremented()
    {
        Assert.Equal(["FCH2001A0A9", "FCH2001A0A10", "FCH2001A0A11"], PhoneIdentity.Generate("0023EB000001", "FCH2001A0A9", 3).Select(i => i.Serial));
        Assert.Equal(["SN0099", "SN0100"], PhoneIdentity.Generate("0023EB000001", "SN0099", 2).Select(i => i.Serial));
        Assert.Equal(["LAB", "LAB-1"], PhoneIdentity.Generate("0023EB000001", "LAB", 2).Select(i => i.Serial));
    }

    [Theory]
    [InlineData("0023EB00001")]
    [InlineData("0023EB0000011")]
    [InlineData("0023EB00000G")]
    [InlineData("")]
    public void A_mac_that_is_not_12_hex_digits_is_refused_by_name(string mac)
    {
        var error = Assert.Throws<ArgumentException>(() => PhoneIdentity.Generate(mac, null, 1));
        Assert.Contains("MAC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fleet_that_would_run_past_the_last_mac_is_refused()
        => Assert.Throws<ArgumentException>(() => PhoneIdentity.Generate("FFFFFFFFFFFE", null, 3));

    [Theory]
    [InlineData("0023EB", "CP-8841-3PCC", "FCH1", "0023EB-CP-8841-3PCC-FCH1")]
    [InlineData("0023EB", "", "FCH1", "0023EB-FCH1")]
    [InlineData("0023EB", "CP 8841/3PCC", "FCH#1", "0023EB-CP%208841%2F3PCC-FCH%231")]
    [InlineData("0023EB", "Téléphone", "1", "0023EB-T%C3%A9l%C3%A9phone-1")]
    public void Device_ids_follow_the_acs_rule(string oui, string productClass, string serial, string expected)
        => Assert.Equal(expected, DeviceIds.Create(new DeviceId("Cisco Systems, Inc.", oui, productClass, serial)));
}
