using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Cwmp;

/// <summary>The phone's first session against a scripted ACS on a real loopback socket.</summary>
public sealed class BootSessionTests : IAsyncLifetime
{
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

    [Fact]
    public void First_inform_carries_bootstrap_boot_and_the_device_identity()
    {
        var inform = _acs.Informs[0];

        Assert.Equal(new DeviceId("Cisco Systems, Inc.", "0023EB", "CP-8841-3PCC", "FCHEB00A001"), inform.DeviceId);
        Assert.Equal([EventCodes.Bootstrap, EventCodes.Boot], inform.Events.Select(e => e.EventCode));
        Assert.Equal(1, inform.MaxEnvelopes);
        Assert.Equal(0, inform.RetryCount);
        Assert.Equal("0023EB-CP-8841-3PCC-FCHEB00A001", Phone.DeviceId);
    }

    [Fact]
    public void Inform_parameters_include_the_forced_ones_the_mac_and_the_connection_request_url()
    {
        var parameters = _acs.Informs[0].ParameterList.ToDictionary(p => p.Name, p => p.Value);

        Assert.Equal(Phone.SoftwareVersion, parameters["Device.DeviceInfo.SoftwareVersion"]);
        Assert.Equal("00:23:EB:00:A0:01", parameters["Device.LAN.MACAddress"]);
        Assert.Equal(Phone.ConnectionRequestUrl, parameters["Device.ManagementServer.ConnectionRequestURL"]);
        Assert.StartsWith("http://127.0.0.1:", Phone.ConnectionRequestUrl, StringComparison.Ordinal);
        Assert.Equal("", parameters["Device.ManagementServer.ParameterKey"]);
        Assert.Contains("Device.DeviceInfo.HardwareVersion", parameters.Keys);
    }

    [Fact]
    public void Inform_is_a_soap_post_and_the_empty_post_echoes_the_session_cookie()
    {
        var requests = _acs.Requests;
        var inform = requests[0];
        var empty = requests[1];

        Assert.Equal("POST", inform.Method);
        Assert.Equal("/acs", inform.Path);
        Assert.Equal("text/xml; charset=\"utf-8\"", inform.ContentType);
        Assert.Equal("", inform.SoapAction);
        Assert.Null(inform.Cookie);
        Assert.StartsWith("Cisco-CP-8841-3PCC/", inform.UserAgent, StringComparison.Ordinal);

        Assert.Null(empty.Envelope);
        Assert.Null(empty.ContentType);
        Assert.StartsWith("session=", empty.Cookie, StringComparison.Ordinal);
        Assert.Equal(2, requests.Count);
    }

    [Fact]
    public void A_successful_boot_session_empties_the_event_queue_and_is_recorded()
    {
        var session = Phone.LastSession!;

        Assert.True(session.Succeeded, session.Error);
        Assert.True(session.HasEvent(EventCodes.Boot));
        Assert.Empty(Phone.PendingEvents);
        Assert.Equal(1, Phone.SessionsCompleted);
        Assert.Equal(1, Phone.BootCount);
    }

    [Fact]
    public async Task The_next_session_is_not_a_bootstrap_and_follows_the_acs_requests()
    {
        _acs.Queue.Enqueue(new GetParameterValues(["Device.Time.NTPServer1", "Device.DeviceInfo.SerialNumber"]));

        var session = await Phone.InformAsync(EventCodes.Periodic);

        Assert.True(session.Succeeded, session.Error);
        Assert.Equal([EventCodes.Periodic], session.Events.Select(e => e.EventCode));
        Assert.Equal(["GetParameterValues"], session.AcsRequests);
        var answer = Assert.IsType<GetParameterValuesResponse>(_acs.Answers.Single());
        Assert.Equal([TestEnvironment.FactoryNtpServer, Phone.SerialNumber], answer.ParameterList.Select(p => p.Value));
    }

    [Fact]
    public async Task The_response_carries_the_request_id()
    {
        _acs.Queue.Enqueue(new GetRPCMethods());

        await Phone.InformAsync(EventCodes.Periodic);

        var response = _acs.Requests.Last(r => r.Body is GetRPCMethodsResponse);
        Assert.StartsWith("acs-", response.Envelope!.Header.Id, StringComparison.Ordinal);
        Assert.Contains("ScheduleInform", ((GetRPCMethodsResponse)response.Body!).MethodList);
    }
}
