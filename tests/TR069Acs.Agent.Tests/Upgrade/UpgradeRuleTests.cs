using TR069Acs.Agent.Tests.Resync;
using TR069Acs.Agent.Tests.Support;

namespace TR069Acs.Agent.Tests.Upgrade;

/// <summary>The upgrade engine against a real web server and syslog receiver: <c>Upgrade_Rule</c> and
/// <c>/admin/upgrade?URL</c>, images checked before "flashing", <c>Downgrade_Rev_Limit</c>, retry timer.</summary>
public sealed class UpgradeRuleTests : ResyncTestBase
{
    protected override string FactorySettings => "<Resync_After_Upgrade_Attempt>No</Resync_After_Upgrade_Attempt>";

    private async Task SetUpgradeRuleAsync(string rule)
    {
        Server.Put("/8841.xml", $"<flat-profile><Upgrade_Rule>{System.Security.SecurityElement.Escape(rule)}</Upgrade_Rule></flat-profile>");
        var outcome = await Phone.ResyncAsync();
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    [Fact]
    public async Task A_good_image_from_the_upgrade_rule_reboots_the_phone_into_its_version()
    {
        Server.Files["/fw/good.img"] = FirmwareImages.Good();
        await SetUpgradeRuleAsync($"{Server.BaseUrl}/fw/good.img");

        var outcome = await Phone.UpgradeAsync();

        Assert.True(outcome.Succeeded, outcome.Error);
        await Eventually.TrueAsync(() => Phone.BootCount == 2, "the reboot into the new image", 10);
        Assert.Equal(FirmwareImages.NewVersion, Phone.SoftwareVersion);
        Assert.Equal(FirmwareImages.NewVersion, Phone.GetValue("Device.DeviceInfo.SoftwareVersion"));
        Assert.Contains("Requesting upgrade http://127.0.0.1:", await SyslogAsync("Requesting upgrade"), StringComparison.Ordinal);
        Assert.Contains("/fw/good.img", await SyslogAsync("Successful upgrade"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("corrupt", "Corrupt")]
    [InlineData("truncated", "Truncated")]
    [InlineData("wrong-model", "WrongModel")]
    public async Task A_damaged_or_foreign_image_is_refused_before_flashing(string kind, string reason)
    {
        Server.Files["/fw/bad.img"] = FirmwareImages.Damaged(kind);
        var version = Phone.SoftwareVersion;

        var outcome = await Phone.UpgradeAsync($"{Server.BaseUrl}/fw/bad.img");

        Assert.True(outcome.Attempted);
        Assert.False(outcome.Succeeded);
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
        var failure = await SyslogAsync("Upgrade failed");
        Assert.Contains(reason, failure, StringComparison.Ordinal);
        Assert.StartsWith("<131>", failure, StringComparison.Ordinal);   // local0.err
        Assert.Equal(version, Phone.SoftwareVersion);
        Assert.Equal(1, Phone.BootCount);
    }

    [Fact]
    public async Task Downgrade_rev_limit_refuses_an_older_image()
    {
        Server.Put("/8841.xml", "<flat-profile><Downgrade_Rev_Limit>sip88xx.12-5-1MPP0001-1</Downgrade_Rev_Limit></flat-profile>");
        Assert.True((await Phone.ResyncAsync()).Succeeded);
        Server.Files["/fw/old.img"] = FirmwareImages.Good();
        var version = Phone.SoftwareVersion;

        var outcome = await Phone.UpgradeAsync($"{Server.BaseUrl}/fw/old.img");

        Assert.False(outcome.Succeeded);
        Assert.Contains("Downgrade_Rev_Limit", await SyslogAsync("Upgrade failed"), StringComparison.Ordinal);
        Assert.Equal(version, Phone.SoftwareVersion);
    }

    [Fact]
    public async Task An_upgrade_rule_whose_condition_is_false_fetches_nothing()
    {
        Server.Files["/fw/good.img"] = FirmwareImages.Good();
        await SetUpgradeRuleAsync($"( $SWVER eq sip88xx.1-0-0 )? {Server.BaseUrl}/fw/good.img");
        var version = Phone.SoftwareVersion;

        var outcome = await Phone.UpgradeAsync();

        Assert.False(outcome.Attempted);
        Assert.DoesNotContain(Server.Requests, r => r.Path == "/fw/good.img");
        Assert.DoesNotContain(Server.SyslogMessages, m => m.Contains("upgrade", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(version, Phone.SoftwareVersion);
    }

    [Fact]
    public async Task Upgrade_enable_no_refuses_every_upgrade()
    {
        Server.Put("/8841.xml", "<flat-profile><Upgrade_Enable>No</Upgrade_Enable></flat-profile>");
        Assert.True((await Phone.ResyncAsync()).Succeeded);
        Server.Files["/fw/good.img"] = FirmwareImages.Good();

        var outcome = await Phone.UpgradeAsync($"{Server.BaseUrl}/fw/good.img");

        Assert.False(outcome.Attempted);
        Assert.Contains("Upgrade_Enable", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Requests, r => r.Path == "/fw/good.img");
    }

    [Fact]
    public async Task A_failed_upgrade_rule_is_retried_after_upgrade_error_retry_delay()
    {
        await SetUpgradeRuleAsync($"{Server.BaseUrl}/fw/missing.img");
        var before = DateTimeOffset.UtcNow;

        var outcome = await Phone.UpgradeAsync();

        Assert.False(outcome.Succeeded);
        Assert.Contains("file not found", await SyslogAsync("Upgrade failed"), StringComparison.Ordinal);
        // Upgrade_Error_Retry_Delay defaults to 3600 s.
        Assert.NotNull(Phone.NextUpgradeRetry);
        Assert.InRange(Phone.NextUpgradeRetry!.Value, before.AddSeconds(3500), before.AddSeconds(3700));
    }
}
