using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Tests.Tasks;

/// <summary>A phone informing under <c>InternetGatewayDevice.</c> gets every name under that root (DESIGN §7).</summary>
public sealed class PhoneParameterTranslatorRootTests
{
    private static readonly PhoneParameterTranslator Translator = new(PhoneMapping.Load());
    private static readonly TaskTranslationContext IgdPhone = new("0023EB-CP-8841-3PCC-FCH1", "CP-8841-3PCC", null, Tr069Root.InternetGatewayDevice);

    [Theory]
    [InlineData("GPP_A", "InternetGatewayDevice.X_CISCO_COM_FlatProfile.GPP_A")]
    [InlineData("User_ID_2_", "InternetGatewayDevice.X_CISCO_COM_FlatProfile.User_ID_2_")]
    [InlineData("Device.X_CISCO_COM_FlatProfile.GPP_B", "InternetGatewayDevice.X_CISCO_COM_FlatProfile.GPP_B")]
    [InlineData("Device.Time.NTPServer1", "InternetGatewayDevice.Time.NTPServer1")]
    [InlineData("Device.Services.", "InternetGatewayDevice.Services.")]
    [InlineData("InternetGatewayDevice.ManagementServer.URL", "InternetGatewayDevice.ManagementServer.URL")]
    public void Flat_names_and_Device_paths_are_sent_under_the_igd_root(string name, string expected)
    {
        Assert.True(Translator.TryTranslate(IgdPhone, name, out var path, out var error), error);
        Assert.Equal(expected, path);
    }

    [Fact]
    public void A_device_phone_gets_igd_paths_under_Device()
    {
        var devicePhone = IgdPhone with { Root = Tr069Root.Device };
        Assert.True(Translator.TryTranslate(devicePhone, "InternetGatewayDevice.Time.NTPServer1", out var path, out _));
        Assert.Equal("Device.Time.NTPServer1", path);
    }

    [Fact]
    public void Paths_of_a_device_that_is_not_a_catalogued_phone_pass_through_whatever_its_root()
    {
        var gateway = new TaskTranslationContext("001122-HG8245-1", "HG8245", null, Tr069Root.InternetGatewayDevice);
        Assert.True(Translator.TryTranslate(gateway, "Device.Time.NTPServer1", out var path, out _));
        Assert.Equal("Device.Time.NTPServer1", path);
    }

    [Fact]
    public void Stored_igd_paths_show_the_flat_name_behind_them()
    {
        Assert.Equal("GPP_B", Translator.FlatNameOf("CP-8841-3PCC", "InternetGatewayDevice.X_CISCO_COM_FlatProfile.GPP_B"));
        Assert.Equal("Primary_NTP_Server", Translator.FlatNameOf("CP-8841-3PCC", "InternetGatewayDevice.Time.NTPServer1"));
    }
}
