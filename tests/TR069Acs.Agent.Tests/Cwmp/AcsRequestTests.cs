using System.Text;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Cwmp;

/// <summary>ACS→CPE methods over the wire: the scripted ACS queues RPCs and checks what the phone answers and does.</summary>
public sealed class AcsRequestTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private ScriptedAcs _acs = null!;
    private PhoneFleet _fleet = null!;

    private Phone Phone => _fleet.Phones[0];

    public async Task InitializeAsync()
    {
        _acs = await ScriptedAcs.StartAsync();
        _fleet = await TestFleet.StartAsync(TestFleet.Options(_acs.Url));
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _acs.DisposeAsync();
    }

    /// <summary>Queues <paramref name="requests"/> and has the phone open a session; returns the session that ran them.</summary>
    private async Task<SessionRecord> RunAsync(params CwmpMessage[] requests)
    {
        var before = Phone.SessionsCompleted;
        foreach (var request in requests)
        {
            _acs.Queue.Enqueue(request);
        }
        try
        {
            return await Phone.InformAsync(EventCodes.Periodic);
        }
        catch (PhoneOfflineException)
        {
            // A session the phone opened on its own (a retry or a follow-up of the boot session, late under load) got
            // the queued requests first, and they took the phone offline (Reboot, FactoryReset) before ours could
            // start: that session is the one that ran them.
            return await Phone.WaitForSessionAsync(null, Timeout, before);
        }
    }

    [Fact]
    public async Task SetParameterValues_fault_reaches_the_acs_with_the_per_parameter_list()
    {
        await RunAsync(new SetParameterValues(
            [new ParameterValue("Device.Time.NTPServer1", "ntp.test"), new ParameterValue("Device.DeviceInfo.UpTime", "1", "xsd:unsignedInt")], "k1"));

        var fault = Assert.IsType<CwmpFault>(_acs.Answers.Single());
        Assert.Equal(9003, fault.FaultCode);
        Assert.Equal(("Device.DeviceInfo.UpTime", 9008), fault.SetParameterValuesFaults.Select(f => (f.ParameterName, f.FaultCode)).Single());
        Assert.Equal(TestEnvironment.FactoryNtpServer, Phone.GetValue("Device.Time.NTPServer1"));
    }

    [Fact]
    public async Task SetParameterValues_is_applied_and_the_next_inform_reports_the_parameter_key()
    {
        await RunAsync(new SetParameterValues([new ParameterValue("Device.Time.NTPServer1", "ntp.test")], "key-7"));
        Assert.Equal(new SetParameterValuesResponse(0), _acs.Answers.Single());

        var next = await Phone.InformAsync(EventCodes.Periodic);

        Assert.Equal("key-7", next.InformValue("Device.ManagementServer.ParameterKey"));
        Assert.Equal("ntp.test", Phone.GetValue("Device.Time.NTPServer1"));
    }

    [Fact]
    public async Task An_unknown_method_is_answered_with_fault_9000_and_the_session_goes_on()
    {
        _acs.Script = request => Task.FromResult(request.Body is null && _acs.Answers.Count == 0
            ? new AcsReply(200, Raw: Encoding.UTF8.GetBytes(
                """<soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2"><soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">x1</cwmp:ID></soap-env:Header><soap-env:Body><cwmp:X_Vendor_Frobnicate/></soap-env:Body></soap-env:Envelope>"""))
            : null);
        _acs.Queue.Enqueue(new GetRPCMethods());

        var session = await Phone.InformAsync(EventCodes.Periodic);

        Assert.True(session.Succeeded, session.Error);
        var fault = Assert.IsType<CwmpFault>(_acs.Answers[0]);
        Assert.Equal(9000, fault.FaultCode);
        Assert.Equal("x1", _acs.Requests.Single(r => r.Body is CwmpFault).Envelope!.Header.Id);
        Assert.IsType<GetRPCMethodsResponse>(_acs.Answers[1]);
    }

    [Fact]
    public async Task The_phone_answers_in_the_namespace_the_acs_used()
    {
        _acs.Script = request => Task.FromResult(request.Body is null && _acs.Answers.Count == 0
            ? new AcsReply(200, Raw: Encoding.UTF8.GetBytes(
                """<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0"><SOAP-ENV:Header><cwmp:ID SOAP-ENV:mustUnderstand="1">v10</cwmp:ID></SOAP-ENV:Header><SOAP-ENV:Body><cwmp:GetParameterValues><ParameterNames><string>Device.Time.Enable</string></ParameterNames></cwmp:GetParameterValues></SOAP-ENV:Body></SOAP-ENV:Envelope>"""))
            : null);

        await Phone.InformAsync(EventCodes.Periodic);

        var answer = _acs.Requests.Single(r => r.Body is GetParameterValuesResponse);
        Assert.Equal(CwmpVersion.V1_0, answer.Envelope!.Version);
        Assert.Equal("true", ((GetParameterValuesResponse)answer.Body!).ParameterList.Single().Value);
    }

    [Fact]
    public async Task Reboot_ends_the_session_then_the_phone_comes_back_with_boot_and_m_reboot()
    {
        var before = Phone.SessionsCompleted;

        var session = await RunAsync(new Reboot("rb-1"));
        var boot = await Phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.Boot), Timeout, before + 1);

        Assert.Equal(new RebootResponse(), _acs.Answers.Single());
        Assert.True(_acs.Requests.Last(r => r.Body is RebootResponse).ConnectionClose);
        Assert.True(boot.HasEvent(EventCodes.MReboot, "rb-1"), string.Join(",", boot.Events));
        Assert.False(boot.HasEvent(EventCodes.Bootstrap));
        Assert.Equal(2, Phone.BootCount);
        Assert.True(session.Succeeded);
    }

    [Fact]
    public async Task FactoryReset_forgets_the_configuration_and_bootstraps()
    {
        await RunAsync(new SetParameterValues([new ParameterValue("Device.Time.NTPServer1", "configured.test")], "k"));
        var before = Phone.SessionsCompleted;

        await RunAsync(new FactoryReset());
        var boot = await Phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.Boot), Timeout, before + 1);

        Assert.True(boot.HasEvent(EventCodes.Bootstrap));
        Assert.Equal(TestEnvironment.FactoryNtpServer, Phone.GetValue("Device.Time.NTPServer1"));
        Assert.Equal("", boot.InformValue("Device.ManagementServer.ParameterKey"));
    }

    [Fact]
    public async Task ScheduleInform_brings_a_scheduled_session_with_its_command_key()
    {
        var before = Phone.SessionsCompleted;

        await RunAsync(new ScheduleInform(1, "sched-1"));
        var scheduled = await Phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.Scheduled), Timeout, before + 1);

        Assert.True(scheduled.HasEvent(EventCodes.MScheduleInform, "sched-1"));
    }

    [Fact]
    public async Task ScheduleInform_with_no_delay_is_invalid()
    {
        await RunAsync(new ScheduleInform(0, "now"));

        Assert.Equal(9003, Assert.IsType<CwmpFault>(_acs.Answers.Single()).FaultCode);
    }

    [Fact]
    public async Task Attribute_and_object_methods_answer_over_the_wire()
    {
        await RunAsync(
            new AddObject("Device.Services.VoiceService.1.VoiceProfile.1.Line.", "add"),
            new SetParameterAttributes([new SetParameterAttribute("Device.Time.NTPServer1", true, 2, false, [])]),
            new GetParameterAttributes(["Device.Time.NTPServer1"]),
            new GetParameterNames("Device.Services.VoiceService.1.VoiceProfile.1.Line.", true),
            new DeleteObject("Device.Services.VoiceService.1.VoiceProfile.1.Line.2.", "del"));

        Assert.Equal(new AddObjectResponse(2, 0), _acs.Answers[0]);
        Assert.IsType<SetParameterAttributesResponse>(_acs.Answers[1]);
        Assert.Equal(2, Assert.IsType<GetParameterAttributesResponse>(_acs.Answers[2]).ParameterList.Single().Notification);
        Assert.Equal(2, Assert.IsType<GetParameterNamesResponse>(_acs.Answers[3]).ParameterList.Count);
        Assert.Equal(new DeleteObjectResponse(0), _acs.Answers[4]);
        Assert.Equal("del", Phone.Model.ParameterKey);
    }

    [Fact]
    public async Task A_local_change_with_active_notification_opens_a_value_change_session()
    {
        await RunAsync(new SetParameterAttributes([new SetParameterAttribute("Device.Time.NTPServer2", true, 2, false, [])]));
        var before = Phone.SessionsCompleted;

        Phone.SetLocalValue("Device.Time.NTPServer2", "typed.on.the.keypad");
        var session = await Phone.WaitForSessionAsync(s => s.HasEvent(EventCodes.ValueChange), Timeout, before);

        Assert.Equal("typed.on.the.keypad", session.InformValue("Device.Time.NTPServer2"));
    }

    [Fact]
    public async Task A_new_acs_url_moves_the_phone_there_with_a_bootstrap()
    {
        await using var other = await ScriptedAcs.StartAsync();

        await RunAsync(new SetParameterValues([new ParameterValue("Device.ManagementServer.URL", other.Url.ToString())], "move"));
        await Eventually.TrueAsync(() => other.Informs.Count > 0, "an Inform at the new ACS");

        Assert.Contains(other.Informs[0].Events, e => e.EventCode == EventCodes.Bootstrap);
    }
}
