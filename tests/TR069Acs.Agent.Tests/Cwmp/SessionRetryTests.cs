using Microsoft.AspNetCore.Http;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Auth;

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
    public async Task Events_of_a_session_refused_for_its_credentials_go_again_with_a_growing_retry_count_until_acknowledged()
    {
        await using var fleet = await TestFleet.StartAsync(TestFleet.Options(_acs.Url));
        var phone = fleet.Phones[0];
        var refusals = 2;
        _acs.Script = request => Task.FromResult(request.Body is Inform && Volatile.Read(ref refusals) > 0
            ? Refuse(request)
            : null);
        var before = _acs.Informs.Count;

        var failed = await phone.InformAsync(EventCodes.ConnectionRequest, "X 0023EB Restored");
        var success = await phone.WaitForSessionAsync(s => s.Succeeded, TimeSpan.FromSeconds(30), failed.Number);

        Assert.False(failed.Succeeded);
        Assert.Contains("401", failed.Error, StringComparison.Ordinal);
        // Each Inform is sent twice per attempt (without, then with credentials); every one carries the same events.
        var informs = _acs.Informs.Skip(before).ToList();
        Assert.All(informs, i => Assert.Equal([EventCodes.ConnectionRequest, "X 0023EB Restored"], i.Events.Select(e => e.EventCode)));
        Assert.Equal([0, 1, 2], informs.Select(i => i.RetryCount).Distinct());
        Assert.Equal([EventCodes.ConnectionRequest, "X 0023EB Restored"], success.Events.Select(e => e.EventCode));
        Assert.Equal(2, success.RetryCount);
        Assert.Empty(phone.PendingEvents);

        AcsReply? Refuse(AcsRequest request)
        {
            if (request.Authorization is not null)
            {
                Interlocked.Decrement(ref refusals);
            }
            return new AcsReply(StatusCodes.Status401Unauthorized, Headers: new Dictionary<string, string>
            {
                ["WWW-Authenticate"] = DigestAuth.CreateChallenge("acs", Guid.NewGuid().ToString("N")),
            });
        }
    }

    [Fact]
    public async Task Undelivered_events_are_kept_in_the_state_and_sent_after_a_restart()
    {
        var state = Directory.CreateTempSubdirectory("agent-events-").FullName;
        try
        {
            var options = TestFleet.Options(_acs.Url, state);
            options.RetryMinimumWaitSeconds = 600;   // no retry in this process: the next attempt is after the restart
            await using (var fleet = await TestFleet.StartAsync(options))
            {
                _acs.Script = request => Task.FromResult(request.Body is Inform ? new AcsReply(StatusCodes.Status500InternalServerError) : null);
                var failed = await fleet.Phones[0].InformAsync(EventCodes.ConnectionRequest, "X 0023EB Restored");
                Assert.False(failed.Succeeded);
            }
            _acs.Script = null;
            var before = _acs.Informs.Count;

            await using var restarted = await TestFleet.StartAsync(TestFleet.Options(_acs.Url, state));

            var boot = _acs.Informs.Skip(before).First();
            // With 1 BOOT (and 4 VALUE CHANGE: the restarted phone listens for Connection Requests on a new port).
            Assert.Subset(boot.Events.Select(e => e.EventCode).ToHashSet(), new HashSet<string> { EventCodes.Boot, EventCodes.ConnectionRequest, "X 0023EB Restored" });
            Assert.Equal(1, boot.RetryCount);
            Assert.Empty(restarted.Phones[0].PendingEvents);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
