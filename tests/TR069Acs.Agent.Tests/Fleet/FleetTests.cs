using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Fleet;

public sealed class FleetTests : IAsyncLifetime
{
    private ScriptedAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await ScriptedAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Every_phone_informs_with_its_own_identity_and_sessions_stay_within_the_limit()
    {
        _acs.Script = async request =>
        {
            if (request.Body is Inform)
            {
                await Task.Delay(20);   // keeps sessions open long enough to overlap
            }
            return null;
        };
        var options = TestFleet.Options(_acs.Url, count: 24);
        options.MaxConcurrentSessions = 3;

        await using var fleet = await TestFleet.StartAsync(options);

        var informs = _acs.Informs;
        Assert.Equal(24, informs.Count);
        Assert.Equal(24, informs.Select(i => i.DeviceId.SerialNumber).Distinct().Count());
        Assert.Equal(fleet.Phones.Select(p => p.SerialNumber).Order(), informs.Select(i => i.DeviceId.SerialNumber).Order());
        Assert.InRange(_acs.MaxConcurrentSessions, 1, 3);
        Assert.All(fleet.Phones, p => Assert.True(p.LastSession!.Succeeded));
    }

    [Fact]
    public async Task Cookies_stay_with_the_session_that_received_them()
    {
        var options = TestFleet.Options(_acs.Url, count: 8);

        await using var fleet = await TestFleet.StartAsync(options);

        // Each Inform got its own cookie; each empty POST must carry the cookie of its own session's InformResponse.
        var requests = _acs.Requests;
        Assert.All(requests.Where(r => r.Body is Inform), r => Assert.Null(r.Cookie));
        Assert.Equal(8, requests.Where(r => r.Body is null).Select(r => r.Cookie).Distinct().Count());
    }

    [Theory]
    [InlineData("ftp://acs.test/")]
    [InlineData("/relative")]
    public void Options_that_cannot_work_are_refused_with_a_reason(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new PhoneFleet(new PhoneOptions { AcsUrl = new Uri(url, UriKind.RelativeOrAbsolute) }));
        Assert.Contains("ACS URL", error.Message, StringComparison.Ordinal);
    }
}
