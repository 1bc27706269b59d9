using Microsoft.AspNetCore.Http;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.Cwmp;

/// <summary>Failed sessions are retried with the TR-069 backoff, counting RetryCount, keeping the events.</summary>
public sealed class SessionRetryTests : IAsyncLifetime
{
    private ScriptedAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await ScriptedAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task Failed_informs_are_retried_with_a_growing_retry_count_and_the_same_events()
    {
        var refusals = 2;
        _acs.Script = request => Task.FromResult(request.Body is Inform && Interlocked.Decrement(ref refusals) >= 0
            ? new AcsReply(StatusCodes.Status503ServiceUnavailable)
            : null);
        await using var fleet = new PhoneFleet(TestFleet.Options(_acs.Url));
        await fleet.StartAsync();

        var success = await fleet.Phones[0].WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(20), afterSession: 0);

        Assert.Equal([0, 1, 2], _acs.Informs.Select(i => i.RetryCount));
        Assert.All(_acs.Informs, i => Assert.Equal([EventCodes.Bootstrap, EventCodes.Boot], i.Events.Select(e => e.EventCode)));
        Assert.Equal(3, success.Number);
        Assert.Contains("503", fleet.Phones[0].RecentSessions[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acs_fault_on_the_inform_is_a_failed_session()
    {
        var refused = false;
        _acs.Script = request =>
        {
            if (request.Body is Inform && !refused)
            {
                refused = true;
                return Task.FromResult<AcsReply?>(AcsReply.With(new CwmpFault(8005, "Retry request")));
            }
            return Task.FromResult<AcsReply?>(null);
        };
        await using var fleet = new PhoneFleet(TestFleet.Options(_acs.Url));
        await fleet.StartAsync();

        await fleet.Phones[0].WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(20), afterSession: 0);

        Assert.Contains("8005", fleet.Phones[0].RecentSessions[0].Error, StringComparison.Ordinal);
        Assert.Equal(1, _acs.Informs[1].RetryCount);
    }

    [Fact]
    public async Task A_connection_request_event_is_not_retried_but_a_vendor_event_is()
    {
        var options = TestFleet.Options(_acs.Url);
        options.RetryMinimumWaitSeconds = 600;   // no retry while the test looks
        await using var fleet = await TestFleet.StartAsync(options);
        var phone = fleet.Phones[0];
        _acs.Script = request => Task.FromResult(request.Body is Inform ? new AcsReply(StatusCodes.Status500InternalServerError) : null);

        var failed = await phone.InformAsync(EventCodes.ConnectionRequest, "X 0023EB Restored");

        Assert.False(failed.Succeeded);
        Assert.Equal(["X 0023EB Restored"], phone.PendingEvents.Select(e => e.EventCode));
    }
}
