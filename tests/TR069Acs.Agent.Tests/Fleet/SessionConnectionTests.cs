using System.Net;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Fleet;

/// <summary>A fleet behaves like N devices toward an ACS that ties each session to its TCP connection and checks the
/// session cookie per connection (as GenieACS does): no request of one phone ever travels on another phone's
/// connection, however many sessions overlap.</summary>
public sealed class SessionConnectionTests : IAsyncLifetime
{
    private const string GppA = "Device.X_CISCO_COM_FlatProfile.GPP_A";
    private ScriptedAcs _acs = null!;

    public async Task InitializeAsync()
    {
        _acs = await ScriptedAcs.StartAsync();
        _acs.BindSessionsToConnections = true;
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Fifty_phones_with_tasks_queued_for_all_at_once_keep_each_session_on_its_own_connection()
    {
        // Every answer is held a little, so that the fleet's sessions overlap on the ACS.
        _acs.BoundAnswerDelay = TimeSpan.FromMilliseconds(10);
        await using var fleet = await TestFleet.StartAsync(TestFleet.Options(_acs.Url, count: 50));
        foreach (var phone in fleet.Phones)
        {
            _acs.DeviceQueues[phone.SerialNumber] = new([
                new GetParameterValues(["Device.DeviceInfo.SerialNumber"]),
                new SetParameterValues([new ParameterValue(GppA, "for-" + phone.SerialNumber)], "k"),
                new GetParameterValues([GppA]),
            ]);
        }
        var booted = _acs.BoundSessions.Count;

        var sessions = await Task.WhenAll(fleet.Phones.Select(p => p.InformAsync(EventCodes.ConnectionRequest)));

        Assert.True(_acs.SessionViolations.IsEmpty, "refused by the connection-bound ACS:\n" + string.Join("\n", _acs.SessionViolations));
        Assert.All(sessions, s => Assert.True(s.Succeeded, s.Error));
        Assert.InRange(_acs.MaxBoundSessions, 2, 64);   // the sessions did overlap (and stayed within the fleet's limit)
        var tasks = _acs.BoundSessions.Skip(booted).ToList();
        Assert.Equal(50, tasks.Count);
        Assert.Equal(50, tasks.Select(s => s.ConnectionId).Distinct().Count());
        foreach (var phone in fleet.Phones)
        {
            var session = Assert.Single(tasks, s => s.Serial == phone.SerialNumber);
            // Empty POST + three answers, all on the Inform's connection with its cookie; each answer is this phone's.
            Assert.Equal(4, session.Requests);
            var answers = session.Answers.ToList();
            Assert.Equal(phone.SerialNumber, Assert.Single(Assert.IsType<GetParameterValuesResponse>(answers[0]).ParameterList).Value);
            Assert.IsType<SetParameterValuesResponse>(answers[1]);
            Assert.Equal("for-" + phone.SerialNumber, Assert.Single(Assert.IsType<GetParameterValuesResponse>(answers[2]).ParameterList).Value);
            Assert.Equal("for-" + phone.SerialNumber, phone.GetValue(GppA));
        }
    }

    [Fact]
    public async Task The_connection_bound_acs_refuses_a_session_continued_on_another_connection()
    {
        // The check the fleet test relies on: a request of a session that arrives on a connection other than the
        // Inform's is refused, even with the right cookie.
        var inform = new Inform(new DeviceId("Cisco Systems, Inc.", "0023EB", "CP-8841-3PCC", "FCHCHECK001"),
            [new EventStruct(EventCodes.Boot)], 1, DateTimeOffset.UtcNow, 0, []);
        using var first = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1 });
        using var second = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1 });
        using var informed = await first.PostAsync(_acs.Url, new ByteArrayContent(CwmpWriter.WriteToArray(new CwmpEnvelope(CwmpVersion.V1_2, new CwmpHeader(Id: "1"), inform))));
        var cookie = informed.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, _acs.Url) { Content = new ByteArrayContent([]) };
        elsewhere.Headers.Add("Cookie", cookie);
        using var refused = await second.SendAsync(elsewhere);
        using var home = new HttpRequestMessage(HttpMethod.Post, _acs.Url) { Content = new ByteArrayContent([]) };
        home.Headers.Add("Cookie", cookie);
        using var ended = await first.SendAsync(home);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(_acs.SessionViolations, v => v.Contains("FCHCHECK001", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
    }
}
