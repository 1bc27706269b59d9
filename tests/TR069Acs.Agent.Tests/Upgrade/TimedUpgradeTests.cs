using TR069Acs.Agent.Tests.Resync;
using TR069Acs.Agent.Tests.Support;

namespace TR069Acs.Agent.Tests.Upgrade;

/// <summary>The scheduler side of provisioning (timers scaled down by the test knob): a periodic resync runs
/// <c>Upgrade_Rule</c> after the profile rules, and <c>Resync_Trigger_1</c> holds scheduled resyncs back.</summary>
public sealed class TimedUpgradeTests : ResyncTestBase
{
    protected override void Configure(PhoneOptions options) => options.ProvisioningTimeScale = 0.01;

    [Fact]
    public async Task A_periodic_resync_runs_the_upgrade_rule_and_the_phone_reboots_into_the_image()
    {
        Server.Files["/fw/good.img"] = FirmwareImages.Good();
        Server.Put("/8841.xml", $"<flat-profile><Resync_Periodic>30</Resync_Periodic><Upgrade_Rule>( $SWVER ne {FirmwareImages.NewVersion} )? {Server.BaseUrl}/fw/good.img</Upgrade_Rule></flat-profile>");
        Assert.True((await Phone.ResyncAsync()).Succeeded);

        await Eventually.TrueAsync(() => Phone.SoftwareVersion == FirmwareImages.NewVersion && Phone.BootCount >= 2, "the upgrade from Upgrade_Rule", 10);
        await SyslogAsync("Successful upgrade");
        // Once the phone runs the image, the rule's condition is false and the image is not fetched again.
        var fetches = Server.Requests.Count(r => r.Path == "/fw/good.img");
        var resyncs = Phone.ResyncsCompleted;
        await Eventually.TrueAsync(() => Phone.ResyncsCompleted >= resyncs + 2, "more periodic resyncs", 10);
        Assert.Equal(fetches, Server.Requests.Count(r => r.Path == "/fw/good.img"));
    }

    [Fact]
    public async Task A_false_resync_trigger_holds_periodic_resyncs_back()
    {
        Server.Put("/8841.xml", "<flat-profile><Resync_Periodic>30</Resync_Periodic><Resync_Trigger_1>$PRVTMR gt 86400</Resync_Trigger_1></flat-profile>");
        Assert.True((await Phone.ResyncAsync()).Succeeded);
        var requests = Server.Requests.Count;

        // Three periodic intervals (0.3 s scaled) pass; $PRVTMR stays far below a day, so nothing is fetched.
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(requests, Server.Requests.Count);
        Assert.NotNull(Phone.NextResync);
    }
}
