using System.Net;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.Tests.ConnectionRequests;

/// <summary>The fleet's connection-request listener over real HTTP on 127.0.0.1.</summary>
public sealed class ConnectionRequestServerTests : IAsyncLifetime
{
    private const string Password = "factory-cr-secret";
    private ScriptedAcs _acs = null!;
    private PhoneFleet _fleet = null!;

    private Phone Phone => _fleet.Phones[0];

    public async Task InitializeAsync()
    {
        _acs = await ScriptedAcs.StartAsync();
        var options = TestFleet.Options(_acs.Url, count: 2);
        options.ConnectionRequestPassword = Password;
        options.ConnectionRequestBurst = 2;
        options.ConnectionRequestInterval = TimeSpan.FromHours(1);
        _fleet = await TestFleet.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _fleet.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task Without_credentials_the_answer_is_401_with_an_md5_digest_challenge()
    {
        using var response = await ConnectionRequestClient.SendUnauthenticatedAsync(HttpMethod.Get, Phone.ConnectionRequestUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(DigestAuth.TryParseChallenge(response.Headers.WwwAuthenticate.Single().ToString(), out var challenge));
        Assert.Equal("auth", challenge.Qop);
        Assert.Equal("MD5", challenge.Algorithm);
        Assert.Equal(1, Phone.SessionsCompleted);
    }

    [Fact]
    public async Task Valid_digest_credentials_get_200_and_a_connection_request_session()
    {
        var before = Phone.SessionsCompleted;

        using var response = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl, Phone.SerialNumber, Password);
        var session = await Phone.WaitForSessionAsync(null, TimeSpan.FromSeconds(15), before);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Equal([EventCodes.ConnectionRequest], session.Events.Select(e => e.EventCode));
        Assert.Equal(1, _fleet.Phones[1].SessionsCompleted);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task A_wrong_password_or_user_name_is_401_and_no_session(bool rightUser, bool rightPassword)
    {
        using var response = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl,
            rightUser ? Phone.SerialNumber : "intruder", rightPassword ? Password : "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Phone.PendingEvents);
    }

    [Fact]
    public async Task Credentials_of_another_phone_of_the_fleet_are_refused()
    {
        var other = _fleet.Phones[1];

        using var response = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl, other.SerialNumber, Password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task While_a_session_runs_the_answer_is_503()
    {
        var hold = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        _acs.Script = async request =>
        {
            if (request.Body is null)
            {
                held.TrySetResult();
                await hold.Task;
            }
            return null;
        };
        var session = Phone.InformAsync(EventCodes.Periodic);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(15));

        using var busy = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl, Phone.SerialNumber, Password);
        hold.SetResult();
        await Bounded.WithinAsync(session, "the held session to end once released", 30);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.NotNull(busy.Headers.RetryAfter);
        Assert.DoesNotContain(Phone.PendingEvents, e => e.EventCode == EventCodes.ConnectionRequest);
    }

    [Fact]
    public async Task Beyond_the_burst_the_phone_answers_503_until_the_rate_allows_again()
    {
        for (var i = 0; i < 2; i++)
        {
            var before = Phone.SessionsCompleted;
            using var accepted = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl, Phone.SerialNumber, Password);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            await Phone.WaitForSessionAsync(null, TimeSpan.FromSeconds(15), before);
        }

        using var limited = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl, Phone.SerialNumber, Password);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Credentials_set_by_the_acs_take_effect()
    {
        _acs.Queue.Enqueue(new SetParameterValues(
        [
            new ParameterValue("Device.ManagementServer.ConnectionRequestUsername", "acs-chosen"),
            new ParameterValue("Device.ManagementServer.ConnectionRequestPassword", "new-secret"),
        ], "cr"));
        await Phone.InformAsync(EventCodes.Periodic);

        using var old = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl, Phone.SerialNumber, Password);
        using var fresh = await ConnectionRequestClient.SendAsync(Phone.ConnectionRequestUrl, "acs-chosen", "new-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Other_methods_are_405_and_unknown_phones_404()
    {
        using var post = await ConnectionRequestClient.SendUnauthenticatedAsync(HttpMethod.Post, Phone.ConnectionRequestUrl);
        using var unknown = await ConnectionRequestClient.SendUnauthenticatedAsync(HttpMethod.Get,
            _fleet.ConnectionRequestBaseUri + "FCH99999999");
        using var root = await ConnectionRequestClient.SendUnauthenticatedAsync(HttpMethod.Get, new Uri(_fleet.ConnectionRequestBaseUri!, "/").ToString());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
    }

    [Fact]
    public void One_listener_serves_every_phone_of_the_fleet()
    {
        var urls = _fleet.Phones.Select(p => new Uri(p.ConnectionRequestUrl)).ToList();

        Assert.Single(urls.Select(u => u.Authority).Distinct());
        Assert.Equal(urls.Count, urls.Select(u => u.AbsolutePath).Distinct().Count());
    }
}
