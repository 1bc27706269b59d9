using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>What a real CPE gets away with (issue 9 §1): answers in the namespace each request used, and no lock-out over
/// a malformed value in a field the ACS does not act on.</summary>
public sealed class LenientInformTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task An_Inform_whose_CurrentTime_is_not_a_dateTime_still_opens_a_session_and_registers_the_device()
    {
        using var cpe = _acs.Cpe("BADCLOCK");
        var inform = Soap.Envelope(Soap.Inform(cpe.Oui, cpe.ProductClass, cpe.Serial, ["1 BOOT"], [("Device.DeviceInfo.SoftwareVersion", "gw-1")]))
            .Replace("<CurrentTime>2026-11-23T10:00:00Z</CurrentTime>", "<CurrentTime>Thu Jan  1 00:00:07 1970</CurrentTime>", StringComparison.Ordinal);

        Assert.Equal(200, (await cpe.PostAsync(inform)).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        await TestAcs.EventuallyAsync(async () => (await _acs.Api.GetAsync($"api/devices/{cpe.DeviceId}")).IsSuccessStatusCode, "the device");
    }

    [Fact]
    public async Task A_CPE_request_is_answered_in_the_namespace_it_used_even_when_the_Inform_used_another()
    {
        using var cpe = _acs.Cpe("MIXEDNS", ns: Soap.Cwmp12);
        Assert.Equal(200, (await cpe.InformAsync()).Status);

        var reply = await cpe.PostAsync(Soap.Envelope("<cwmp:GetRPCMethods></cwmp:GetRPCMethods>", "rpc-1", Soap.Cwmp10));

        Assert.Equal(200, reply.Status);
        Assert.Contains("GetRPCMethodsResponse", reply.Body, StringComparison.Ordinal);
        Assert.Contains($"xmlns:cwmp=\"{Soap.Cwmp10}\"", reply.Body, StringComparison.Ordinal);
    }
}
