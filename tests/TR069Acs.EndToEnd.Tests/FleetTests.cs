using TR069Acs.Agent;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests;

/// <summary>Many phones in one agent process against one ACS.</summary>
public sealed class FleetTests
{
    [Fact]
    public async Task Every_phone_of_a_fleet_registers_and_each_answers_its_own_connection_request()
    {
        await using var acs = await AcsInstance.StartAsync();
        await using var fleet = new PhoneFleet(new PhoneOptions { AcsUrl = acs.CwmpUri, Mac = "0023EB100000", Count = 50 });
        await fleet.StartAsync();

        await AcsInstance.EventuallyAsync(async () => (await acs.GetArrayAsync("api/devices?limit=1000")).Count == 50, "50 phones to register");
        var ids = (await acs.GetArrayAsync("api/devices?limit=1000")).Select(d => (string)d!["id"]!).ToHashSet();
        Assert.Equal(fleet.Phones.Select(p => p.DeviceId).ToHashSet(), ids);
        Assert.Equal(50, fleet.Phones.Select(p => p.Mac).Distinct(StringComparer.OrdinalIgnoreCase).Count());

        var target = fleet.Phones[37];
        var task = await acs.RunTaskAsync(target.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new[] { new { name = "Device.Time.NTPServer1", value = "ntp.phone37.test" } },
        });
        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal("ntp.phone37.test", target.GetValue("Device.Time.NTPServer1"));
        Assert.NotEqual("ntp.phone37.test", fleet.Phones[36].GetValue("Device.Time.NTPServer1"));
    }
}
