using System.Text;
using Microsoft.AspNetCore.Http;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.Tests.Cwmp;

/// <summary><c>ACS_Username</c>/<c>ACS_Password</c> of a <c>--config</c> factory profile are the credentials a factory
/// phone answers an authenticating ACS with (not empty ones, not the lab pair), across a restart too.</summary>
public sealed class FactoryCredentialsTests : IAsyncLifetime
{
    private const string User = "factory-user";
    private const string Password = "factory-pass-7";
    private ScriptedAcs _acs = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _acs = await ScriptedAcs.StartAsync();
        _directory = Directory.CreateTempSubdirectory("agent-factory-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_directory, "factory.xml"), $"""
            <flat-profile>
              <ACS_Username>{User}</ACS_Username>
              <ACS_Password>{Password}</ACS_Password>
              <GPP_A>from-factory</GPP_A>
            </flat-profile>
            """);
    }

    public async Task DisposeAsync()
    {
        await _acs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("Digest")]
    [InlineData("Basic")]
    public async Task The_factory_profile_credentials_answer_the_acs_challenge(string scheme)
    {
        _acs.Script = request => Task.FromResult(Authorized(request.Authorization, scheme) ? null : Challenge(scheme));
        var options = Options();

        await using var fleet = await TestFleet.StartAsync(options);

        var phone = fleet.Phones[0];
        Assert.True(phone.LastSession!.Succeeded, phone.LastSession.Error);
        Assert.Equal(User, phone.GetValue("Device.ManagementServer.Username"));
        Assert.Equal(Password, phone.GetValue("Device.ManagementServer.Password"));
        Assert.Equal("from-factory", phone.GetValue("Device.X_CISCO_COM_FlatProfile.GPP_A"));
        Assert.Contains(_acs.Requests, r => r.Body is Inform && Authorized(r.Authorization, scheme));
    }

    [Fact]
    public async Task The_factory_credentials_survive_a_restart_with_persisted_state()
    {
        _acs.Script = request => Task.FromResult(Authorized(request.Authorization, "Digest") ? null : Challenge("Digest"));
        var options = Options(Path.Combine(_directory, "state"));
        await using (await TestFleet.StartAsync(options))
        {
        }

        await using var restarted = await TestFleet.StartAsync(Options(Path.Combine(_directory, "state")));

        Assert.True(restarted.Phones[0].LastSession!.Succeeded, restarted.Phones[0].LastSession!.Error);
        Assert.Equal(User, restarted.Phones[0].GetValue("Device.ManagementServer.Username"));
    }

    [Fact]
    public async Task The_command_line_credentials_win_over_the_factory_profile()
    {
        _acs.Script = request => Task.FromResult(
            DigestAuth.TryParseAuthorization(request.Authorization ?? "", out var c) && c.Username == "cli-user" && DigestAuth.Verify(c, "POST", "cli-pass")
                ? null
                : Challenge("Digest"));
        var options = Options();
        options.AcsUsername = "cli-user";
        options.AcsPassword = "cli-pass";

        await using var fleet = await TestFleet.StartAsync(options);

        Assert.True(fleet.Phones[0].LastSession!.Succeeded, fleet.Phones[0].LastSession!.Error);
    }

    private PhoneOptions Options(string? state = null)
    {
        var options = TestFleet.Options(_acs.Url, state);
        options.ConfigFile = Path.Combine(_directory, "factory.xml");
        return options;
    }

    private static bool Authorized(string? authorization, string scheme) => scheme == "Basic"
        ? authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))
        : DigestAuth.TryParseAuthorization(authorization ?? "", out var credentials)
          && credentials.Username == User && DigestAuth.Verify(credentials, "POST", Password);

    private static AcsReply Challenge(string scheme) => new(StatusCodes.Status401Unauthorized, Headers: new Dictionary<string, string>
    {
        ["WWW-Authenticate"] = scheme == "Basic" ? "Basic realm=\"acs\"" : DigestAuth.CreateChallenge("acs", Guid.NewGuid().ToString("N")),
    });
}
