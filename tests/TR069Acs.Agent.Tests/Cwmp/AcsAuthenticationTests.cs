using Microsoft.AspNetCore.Http;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.Tests.Cwmp;

/// <summary>HTTP authentication toward an ACS that demands it (TR-069 3.4.4).</summary>
public sealed class AcsAuthenticationTests : IAsyncLifetime
{
    private ScriptedAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await ScriptedAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    private void RequireDigest(string username, string password) => _acs.Script = request =>
    {
        if (DigestAuth.TryParseAuthorization(request.Authorization ?? "", out var credentials)
            && credentials.Username == username && credentials.Uri == "/acs" && DigestAuth.Verify(credentials, "POST", password))
        {
            return Task.FromResult<AcsReply?>(null);
        }
        return Task.FromResult<AcsReply?>(new AcsReply(StatusCodes.Status401Unauthorized,
            Headers: new Dictionary<string, string> { ["WWW-Authenticate"] = DigestAuth.CreateChallenge("acs", Guid.NewGuid().ToString("N")) }));
    };

    [Fact]
    public async Task A_digest_challenge_is_answered_with_the_management_server_credentials()
    {
        RequireDigest("cpe-user", "cpe-pass");
        var options = TestFleet.Options(_acs.Url);
        options.AcsUsername = "cpe-user";
        options.AcsPassword = "cpe-pass";

        await using var fleet = await TestFleet.StartAsync(options);

        Assert.True(fleet.Phones[0].LastSession!.Succeeded, fleet.Phones[0].LastSession!.Error);
        var requests = _acs.Requests;
        Assert.Null(requests[0].Authorization);
        Assert.StartsWith("Digest ", requests[1].Authorization, StringComparison.Ordinal);
        Assert.IsType<Inform>(requests[1].Body);
        // The empty POST reuses the challenge (nc=2) instead of being challenged again.
        Assert.Null(requests[2].Body);
        Assert.Contains("nc=00000002", requests[2].Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_credentials_fail_the_session_with_a_reason()
    {
        RequireDigest("cpe-user", "right");
        var options = TestFleet.Options(_acs.Url);
        options.AcsUsername = "cpe-user";
        options.AcsPassword = "wrong";

        await using var fleet = await TestFleet.StartAsync(options);

        var session = fleet.Phones[0].LastSession!;
        Assert.False(session.Succeeded);
        Assert.Contains("401", session.Error, StringComparison.Ordinal);
        Assert.Equal(2, _acs.Requests.Count);
    }

    [Fact]
    public async Task Basic_credentials_are_never_sent_unasked_over_plain_http()
    {
        // TR-069 3.4.4: Basic reveals the password, so even a phone told to send it unasked keeps it for TLS.
        var options = TestFleet.Options(_acs.Url);
        options.AcsUsername = "cpe";
        options.AcsPassword = "pw";
        options.SendBasicAuthUnasked = true;

        await using var fleet = await TestFleet.StartAsync(options);

        Assert.Equal("http", _acs.Url.Scheme);
        Assert.All(_acs.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Without_options_or_profile_the_phone_presents_the_documented_lab_pair()
    {
        RequireDigest(PhoneOptions.LabAcsUsername, PhoneOptions.LabAcsPassword);

        await using var fleet = await TestFleet.StartAsync(TestFleet.Options(_acs.Url));

        Assert.True(fleet.Phones[0].LastSession!.Succeeded, fleet.Phones[0].LastSession!.Error);
        Assert.Equal("cwmp-bootstrap", PhoneOptions.LabAcsUsername);
    }
}
