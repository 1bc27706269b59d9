using TR069Acs.Server.Devices;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Resilience;

/// <summary>Issue 16 §1: an Inform over a limit is answered 413 naming the field, and nothing of it is stored.</summary>
public sealed class InformLimitTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync(o => o.MaxInformParameters = 100);

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Oversize_fields_and_lists_are_refused_with_413_and_nothing_is_stored()
    {
        var hugeSerial = new string('9', 200_000);
        using var serial = _acs.Cpe(hugeSerial);
        using var tooMany = _acs.Cpe("MANY");
        tooMany.InformParameters.AddRange(Enumerable.Range(0, 101).Select(i => ($"Device.X_Test.P{i}", "1")));
        using var bigValue = _acs.Cpe("BIGVALUE");
        bigValue.InformParameters.Add(("Device.X_Test.Blob", new string('v', (16 * 1024) + 1)));
        using var longKey = _acs.Cpe("LONGKEY");

        var replies = new[]
        {
            await serial.InformAsync("2 PERIODIC"),
            await tooMany.InformAsync("2 PERIODIC"),
            await bigValue.InformAsync("2 PERIODIC"),
            await longKey.InformAsync("M Download|" + new string('k', 33)),
        };

        Assert.All(replies, r => Assert.Equal(413, r.Status));
        Assert.Contains("Inform/DeviceId/SerialNumber has 200000 characters; the limit is 64", replies[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('9', 100), replies[0].Body, StringComparison.Ordinal);
        Assert.Contains("Inform/ParameterList has more than 100 entries", replies[1].Body, StringComparison.Ordinal);
        Assert.Contains("the value of Device.X_Test.Blob has 16385 characters", replies[2].Body, StringComparison.Ordinal);
        Assert.Contains("EventStruct/CommandKey has 33 characters; the limit is 32", replies[3].Body, StringComparison.Ordinal);

        // Nothing of them was queued or stored; a well-formed Inform is, so the listing is known to be current.
        using var good = _acs.Cpe("GOOD");
        good.InformParameters.AddRange(Enumerable.Range(0, 100).Select(i => ($"Device.X_Test.P{i}", "1")));
        Assert.Equal(200, (await good.InformAsync("2 PERIODIC")).Status);
        await _acs.App.Services.GetRequiredService<TelemetryWriter>().FlushAsync();
        var devices = (await _acs.GetJsonAsync("api/devices")).AsArray().Select(d => (string?)d!["id"]).ToList();
        Assert.Equal(["00D09E-TestPhone-GOOD"], devices);
    }
}
