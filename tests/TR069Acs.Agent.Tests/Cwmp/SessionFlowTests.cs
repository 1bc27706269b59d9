using Microsoft.AspNetCore.Http;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Cwmp;

/// <summary>Less common but legal ACS behaviour within a session.</summary>
public sealed class SessionFlowTests : IAsyncLifetime
{
    private ScriptedAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await ScriptedAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task An_empty_200_ends_the_session_like_a_204()
    {
        _acs.Script = request => Task.FromResult(request.Body is null ? new AcsReply(StatusCodes.Status200OK) : null);

        await using var fleet = await TestFleet.StartAsync(TestFleet.Options(_acs.Url));

        Assert.True(fleet.Phones[0].LastSession!.Succeeded, fleet.Phones[0].LastSession!.Error);
    }

    [Fact]
    public async Task A_redirected_inform_is_sent_again_to_the_new_location_and_the_session_stays_there()
    {
        _acs.Script = request => Task.FromResult(request.Path == "/acs"
            ? new AcsReply(StatusCodes.Status307TemporaryRedirect, Headers: new Dictionary<string, string> { ["Location"] = "/acs-node-2" })
            : null);

        await using var fleet = await TestFleet.StartAsync(TestFleet.Options(_acs.Url));

        Assert.Equal(["/acs", "/acs-node-2", "/acs-node-2"], _acs.Requests.Select(r => r.Path));
        Assert.True(fleet.Phones[0].LastSession!.Succeeded);
    }

    [Fact]
    public async Task HoldRequests_keeps_a_transfer_complete_back_until_a_session_without_it()
    {
        var options = TestFleet.Options(_acs.Url);
        options.RetryMinimumWaitSeconds = 600;
        await using var fleet = await TestFleet.StartAsync(options);
        var phone = fleet.Phones[0];
        _acs.Files["cfg.xml"] = [7];
        var before = phone.SessionsCompleted;
        _acs.Queue.Enqueue(new Download("held", EventCodes.VendorConfigurationFile, _acs.FileUrl("cfg.xml").ToString()));
        _acs.Script = request => Task.FromResult(request.Body is Inform ? AcsReply.With(new InformResponse()) with { HoldRequests = true } : null);
        await phone.InformAsync(EventCodes.Periodic);

        var held = await phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.TransferComplete), TimeSpan.FromSeconds(15), before);
        Assert.Empty(held.AcknowledgedTransfers);
        Assert.DoesNotContain(_acs.Requests, r => r.Body is TransferComplete);

        _acs.Script = null;
        var released = await phone.InformAsync(EventCodes.Periodic);
        Assert.Equal(["held"], released.AcknowledgedTransfers);
    }

    [Fact]
    public async Task Periodic_informs_follow_the_interval()
    {
        var options = TestFleet.Options(_acs.Url);
        options.PeriodicInformInterval = 1;

        await using var fleet = await TestFleet.StartAsync(options);
        var periodic = await fleet.Phones[0].WaitForSessionAsync(s => s.HasEvent(EventCodes.Periodic), TimeSpan.FromSeconds(15), afterSession: 0);
        var next = await fleet.Phones[0].WaitForSessionAsync(s => s.HasEvent(EventCodes.Periodic), TimeSpan.FromSeconds(15), afterSession: periodic.Number);

        Assert.Equal([EventCodes.Periodic], periodic.Events.Select(e => e.EventCode));
        // One interval apart: never sooner (the next one is due an interval after the last was), and not many intervals
        // later (a loaded machine makes it late, not five times late).
        var gap = next.Started - periodic.Started;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"periodic informs {gap.TotalMilliseconds:F0} ms apart with PeriodicInformInterval 1 s");
        Assert.True(gap < TimeSpan.FromSeconds(5), $"periodic informs {gap.TotalSeconds:F1} s apart with PeriodicInformInterval 1 s");
    }

    [Fact]
    public async Task Periodic_informs_stop_when_the_acs_disables_them()
    {
        var options = TestFleet.Options(_acs.Url);
        options.PeriodicInformInterval = 1;
        await using var fleet = await TestFleet.StartAsync(options);
        var phone = fleet.Phones[0];
        _acs.Queue.Enqueue(new SetParameterValues([new ParameterValue("Device.ManagementServer.PeriodicInformEnable", "false", "xsd:boolean")], "off"));
        await phone.WaitForSessionAsync(s => s.AcsRequests.Contains("SetParameterValues"), TimeSpan.FromSeconds(15), afterSession: 0);
        var after = phone.SessionsCompleted;

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(after, phone.SessionsCompleted);
    }
}
