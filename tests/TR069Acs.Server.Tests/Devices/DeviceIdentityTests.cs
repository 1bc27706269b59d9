using TR069Acs.Cwmp;
using TR069Acs.Server.Devices;

namespace TR069Acs.Server.Tests.Devices;

public sealed class DeviceIdentityTests
{
    [Theory]
    [InlineData("0023EB", "CP-8841-3PCC", "FCH2001A0A1", "0023EB-CP-8841-3PCC-FCH2001A0A1")]
    [InlineData("00183F", "", "CBT00001234", "00183F-CBT00001234")]
    [InlineData("00D09E", "Phone X", "a/b?c", "00D09E-Phone%20X-a%2Fb%3Fc")]
    [InlineData("00D09E", "Wäre", "S.N_1", "00D09E-W%C3%A4re-S.N_1")]
    public void Id_is_oui_product_class_serial_made_url_safe(string oui, string productClass, string serial, string expected)
        => Assert.Equal(expected, DeviceIdentity.Create(new DeviceId("Acme", oui, productClass, serial)));
}
