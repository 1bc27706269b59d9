using Microsoft.AspNetCore.Http;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.State;

/// <summary>What a phone keeps across a restart of the agent (its flash): events, unacknowledged TransferCompletes,
/// configuration, and whether it has bootstrapped with this ACS.</summary>
public sealed class PersistenceTests : IAsyncLifetime
{
    private ScriptedAcs _acs = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _acs = await ScriptedAcs.StartAsync();
        _directory = Directory.CreateTempSubdirectory("agent-state-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _acs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private PhoneOptions Options()
    {
        var options = TestFleet.Options(_acs.Url, _directory);
        options.RetryMinimumWaitSeconds = 600;
        return options;
    }

    [Fact]
    public async Task Undelivered_events_and_the_retry_count_survive_a_restart()
    {
        _acs.Script = request => Task.FromResult(request.Body is Inform ? new AcsReply(StatusCodes.Status503ServiceUnavailable) : null);
        await using (var fleet = new PhoneFleet(Options()))
        {
            await fleet.StartAsync();
            await fleet.Phones[0].WaitForSessionAsync(null, TimeSpan.FromSeconds(15), afterSession: 0);
            await fleet.Phones[0].InformAsync("X 0023EB Survivor");
        }
        Assert.Single(Directory.GetFiles(_directory, "*.json"));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));

        _acs.Script = null;
        await using var restarted = await TestFleet.StartAsync(Options());

        var inform = _acs.Informs[^1];
        // The listener's port is new, so the ConnectionRequestURL (forced active notification) changed as well.
        Assert.Equal(["0 BOOTSTRAP", "1 BOOT", "X 0023EB Survivor", "4 VALUE CHANGE"], inform.Events.Select(e => e.EventCode));
        Assert.Equal(2, inform.RetryCount);
        Assert.True(restarted.Phones[0].LastSession!.Succeeded);
    }

    [Fact]
    public async Task An_unacknowledged_transfer_complete_survives_a_restart()
    {
        _acs.Script = request => Task.FromResult(request.Body is TransferComplete ? AcsReply.With(new CwmpFault(8002, "not now")) : null);
        await using (var fleet = await TestFleet.StartAsync(Options()))
        {
            var phone = fleet.Phones[0];
            _acs.Queue.Enqueue(new Download("dl-persist", EventCodes.FirmwareImage, _acs.FileUrl("missing.loads").ToString()));
            await phone.InformAsync(EventCodes.Periodic);
            await Eventually.TrueAsync(() => _acs.Requests.Any(r => r.Body is TransferComplete), "the refused TransferComplete");
            await Eventually.TrueAsync(() => phone.LastSession?.HasEvent(EventCodes.TransferComplete) == true, "the session to end");
        }

        _acs.Script = null;
        await using var restarted = await TestFleet.StartAsync(Options());

        var session = restarted.Phones[0].LastSession!;
        Assert.True(session.HasEvent(EventCodes.TransferComplete));
        Assert.True(session.HasEvent(EventCodes.MDownload, "dl-persist"));
        Assert.Equal(["dl-persist"], session.AcknowledgedTransfers);
        Assert.Equal(9016, _acs.Requests.Select(r => r.Body).OfType<TransferComplete>().Last().Fault.FaultCode);
    }

    [Fact]
    public async Task Configuration_survives_and_a_known_acs_sees_only_a_boot()
    {
        await using (var fleet = await TestFleet.StartAsync(Options()))
        {
            _acs.Queue.Enqueue(new SetParameterValues([new ParameterValue("Device.Time.NTPServer1", "kept.test")], "persisted-key"));
            _acs.Queue.Enqueue(new AddObject("Device.Services.VoiceService.1.VoiceProfile.1.Line.", "persisted-key"));
            _acs.Queue.Enqueue(new SetParameterAttributes([new SetParameterAttribute("Device.Time.NTPServer2", true, 1, false, [])]));
            await fleet.Phones[0].InformAsync(EventCodes.Periodic);
        }

        await using var restarted = await TestFleet.StartAsync(Options());
        var phone = restarted.Phones[0];

        Assert.Equal("kept.test", phone.GetValue("Device.Time.NTPServer1"));
        Assert.Equal("2", phone.GetValue("Device.Services.VoiceService.1.VoiceProfile.1.LineNumberOfEntries"));
        Assert.Equal("persisted-key", phone.LastSession!.InformValue("Device.ManagementServer.ParameterKey"));
        Assert.Equal([EventCodes.Boot, EventCodes.ValueChange], phone.LastSession.Events.Select(e => e.EventCode));
        Assert.Equal(phone.ConnectionRequestUrl, phone.LastSession.InformValue("Device.ManagementServer.ConnectionRequestURL"));
        var attributes = (GetParameterAttributesResponse)phone.Model.GetParameterAttributes(new GetParameterAttributes(["Device.Time.NTPServer2"]));
        Assert.Equal(1, attributes.ParameterList.Single().Notification);
    }

    [Fact]
    public async Task Started_against_another_acs_the_phone_bootstraps_there()
    {
        await using (await TestFleet.StartAsync(Options()))
        {
        }
        await using var other = await ScriptedAcs.StartAsync();
        var options = Options();
        options.AcsUrl = other.Url;

        await using var moved = await TestFleet.StartAsync(options);

        Assert.Equal([EventCodes.Bootstrap, EventCodes.Boot, EventCodes.ValueChange], other.Informs.Single().Events.Select(e => e.EventCode));
        Assert.Equal(other.Url.ToString(), moved.Phones[0].GetValue("Device.ManagementServer.URL"));
    }

    [Fact]
    public async Task An_upgrade_survives_a_restart()
    {
        _acs.Files["sip88xx.12-0-3-0001-1.loads"] = Upgrade.FirmwareImages.Good("sip88xx.12-0-3-0001-1");
        await using (var fleet = await TestFleet.StartAsync(Options()))
        {
            var phone = fleet.Phones[0];
            var before = phone.SessionsCompleted;
            _acs.Queue.Enqueue(new Download("fw", EventCodes.FirmwareImage, _acs.FileUrl("sip88xx.12-0-3-0001-1.loads").ToString()));
            await phone.InformAsync(EventCodes.Periodic);
            await phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.TransferComplete), TimeSpan.FromSeconds(15), before);
        }

        await using var restarted = await TestFleet.StartAsync(Options());

        Assert.Equal("sip88xx.12-0-3-0001-1", restarted.Phones[0].SoftwareVersion);
        Assert.Equal("sip88xx.12-0-3-0001-1", restarted.Phones[0].LastSession!.InformValue("Device.DeviceInfo.SoftwareVersion"));
    }
}
