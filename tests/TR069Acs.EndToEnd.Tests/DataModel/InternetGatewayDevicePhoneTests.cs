using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.EndToEnd.Tests.DataModel;

/// <summary>A phone that presents itself as an <c>InternetGatewayDevice</c> (TR-098 root, as SPA phones do) against
/// the ACS: the operator's flat names and <c>Device.</c> paths reach it under the root it informed with (DESIGN §7).</summary>
public sealed class InternetGatewayDevicePhoneTests : IAsyncLifetime
{
    private const string Igd = "InternetGatewayDevice.";

    private AcsInstance _acs = null!;
    private PhoneFleet _fleet = null!;

    private Phone Phone => _fleet.Phones[0];

    private string DeviceUrl => $"api/devices/{Uri.EscapeDataString(Phone.DeviceId)}";

    public async Task InitializeAsync()
    {
        _acs = await AcsInstance.StartAsync();
        _fleet = new PhoneFleet(new PhoneOptions
        {
            AcsUrl = _acs.CwmpUri,
            Mac = "0023EB0000B7",
            Serial = "FCH2001B0B7",
            DataModelRoot = Tr069Root.InternetGatewayDevice,
        });
        await _fleet.StartAsync();
        await AcsInstance.EventuallyAsync(async () => (await _acs.GetArrayAsync("api/devices")).Count == 1, "the phone to register");
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task The_acs_knows_the_igd_phone_by_its_inform_under_that_root()
    {
        var device = await _acs.GetJsonAsync(DeviceUrl);

        Assert.Equal("0023eb0000b7", ((string?)device["macAddress"])?.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Equal(Phone.SoftwareVersion, (string?)device["softwareVersion"]);
        var stored = await _acs.GetArrayAsync($"{DeviceUrl}/parameters?prefix={Igd}ManagementServer.ConnectionRequestURL");
        Assert.Equal(Phone.ConnectionRequestUrl, (string?)stored.Single()!["value"]);
    }

    [Fact]
    public async Task A_flat_name_SetParameterValues_reaches_the_phone_under_its_root()
    {
        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new[] { new { name = "GPP_A", value = "igd by flat name", type = "xsd:string" } },
        });

        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal(Igd + "X_CISCO_COM_FlatProfile.GPP_A", (string?)task["payload"]!["parameterValues"]![0]!["name"]);
        Assert.Equal("igd by flat name", Phone.GetFlatValue("GPP_A"));
        var stored = (await _acs.GetArrayAsync($"{DeviceUrl}/parameters?prefix={Igd}X_CISCO_COM_FlatProfile.GPP_A")).Single()!;
        Assert.Equal("igd by flat name", (string?)stored["value"]);
        Assert.Equal("GPP_A", (string?)stored["flatName"]);
    }

    [Fact]
    public async Task A_Device_path_and_a_configuration_push_reach_the_igd_phone_too()
    {
        var task = await _acs.RunTaskAsync(Phone.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new[] { new { name = "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber", value = "4711", type = "xsd:string" } },
        });
        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal("4711", Phone.GetFlatValue("User_ID_1_"));
        Assert.Equal("4711", Phone.GetValue(Igd + "Services.VoiceService.1.VoiceProfile.1.Line.1.DirectoryNumber"));

        // A configuration change is pushed as a SetParameterValues of flat profile paths: it lands under the phone's root.
        using var patch = await _acs.Api.PatchAsync($"api/config/devices/{Uri.EscapeDataString(Phone.DeviceId)}",
            new StringContent("""{"parameters":{"Display_Name_1_":"Front desk"}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        await AcsInstance.EventuallyAsync(() => Task.FromResult(Phone.GetFlatValue("Display_Name_1_") == "Front desk"), "the pushed value on the phone");
        Assert.Equal("Front desk", Phone.GetValue(Igd + "Services.VoiceService.1.VoiceProfile.1.Line.1.CallingFeatures.CallerIDName"));
    }
}
