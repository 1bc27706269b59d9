namespace TR069Acs.Agent.Tests.Resync;

/// <summary>The guides' periodic resync exercise with the server going down: resyncs keep coming at
/// Resync_Periodic, and at Resync_Error_Retry_Delay while the server fails (timers scaled down by the test knob).</summary>
public sealed class ResyncTimerTests : ResyncTestBase
{
    protected override void Configure(PhoneOptions options) => options.ProvisioningTimeScale = 0.01;

    [Fact]
    public async Task Periodic_resyncs_continue_and_retries_follow_failures_while_the_server_is_down()
    {
        Server.Put("/8841.xml", "<flat-profile><GPP_A>periodic</GPP_A><Resync_Periodic>30</Resync_Periodic><Resync_Error_Retry_Delay>20</Resync_Error_Retry_Delay></flat-profile>");
        var first = await Phone.ResyncAsync();
        Assert.True(first.Succeeded, first.Error);
        var before = Phone.ResyncsCompleted;

        await Eventually.TrueAsync(() => Phone.ResyncsCompleted >= before + 2, "two periodic resyncs");
        Server.Down = true;
        await Eventually.TrueAsync(() => Phone.LastResync is { Succeeded: false }, "a failed resync while the server is down");
        var failed = Phone.ResyncsCompleted;
        await Eventually.TrueAsync(() => Phone.ResyncsCompleted >= failed + 2, "retries while the server is down");
        await SyslogAsync("Resync failed: http 500");

        Server.Down = false;
        await Eventually.TrueAsync(() => Phone.LastResync is { Succeeded: true }, "a successful resync once the server is back");
    }

    [Fact]
    public async Task Setting_resync_periodic_over_tr069_reschedules_the_next_resync()
    {
        Assert.Null(Phone.NextResync);

        Phone.SetLocalValue("Device.X_CISCO_COM_FlatProfile.Resync_Periodic", "600");

        Assert.NotNull(Phone.NextResync);
        Assert.Equal("600", Phone.GetFlatValue("Resync_Periodic"));
    }
}
