using TR069Acs.Provisioning.Mapping;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Tests.Tasks;

public sealed class PhoneParameterTranslatorTests
{
    private static readonly PhoneParameterTranslator Translator = new(PhoneMapping.Load());
    private static readonly TaskTranslationContext Phone = new("0023EB-CP-8841-3PCC-FCH1", "CP-8841-3PCC", null);

    [Theory]
    [InlineData("GPP_A", "Device.X_CISCO_COM_FlatProfile.GPP_A")]
    [InlineData("Resync_Periodic", "Device.X_CISCO_COM_FlatProfile.Resync_Periodic")]
    [InlineData("Proxy_1_", "Device.X_CISCO_COM_FlatProfile.Proxy_1_")]
    [InlineData("Device.Time.NTPServer1", "Device.Time.NTPServer1")]
    [InlineData("Device.ManagementServer.", "Device.ManagementServer.")]
    public void Flat_names_become_flat_profile_paths_and_paths_pass_through(string name, string expected)
    {
        Assert.True(Translator.TryTranslate(Phone, name, out var path, out var error), error);
        Assert.Equal(expected, path);
    }

    [Fact]
    public void A_line_the_model_does_not_have_is_refused_with_a_reason()
    {
        var spa303 = new TaskTranslationContext("00183F-SPA303-X", "SPA303", null);
        Assert.False(Translator.TryTranslate(spa303, "User_ID_9_", out _, out var error));
        Assert.Contains("User_ID_9_", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_flat_name_is_refused_naming_it()
    {
        Assert.False(Translator.TryTranslate(Phone, "No_Such_Parameter", out _, out var error));
        Assert.Contains("No_Such_Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Flat_names_for_a_device_that_is_not_a_catalogued_phone_are_refused_with_advice()
    {
        var gateway = new TaskTranslationContext("001122-HG8245-1", "HG8245", null);
        Assert.False(Translator.TryTranslate(gateway, "GPP_A", out _, out var error));
        Assert.Contains("HG8245", error, StringComparison.Ordinal);
        Assert.Contains("TR-069 path", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_paths_show_the_flat_name_behind_them()
    {
        Assert.Equal("GPP_B", Translator.FlatNameOf("CP-8841-3PCC", "Device.X_CISCO_COM_FlatProfile.GPP_B"));
        Assert.Equal("Primary_NTP_Server", Translator.FlatNameOf("CP-8841-3PCC", "Device.Time.NTPServer1"));
        Assert.Null(Translator.FlatNameOf("CP-8841-3PCC", "Device.DeviceInfo.UpTime"));
        Assert.Null(Translator.FlatNameOf("HG8245", "Device.Time.NTPServer1"));
    }
}
