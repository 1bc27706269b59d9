using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Sessions;

internal sealed partial class SessionEngine
{
    /// <summary>Ends the session normally: 204, lease released.</summary>
    private async Task EndAsync(HttpContext context, CwmpSession session)
    {
        await CloseAsync(session, reason: null);
        await CwmpHttp.EndAsync(context);
    }

    /// <summary>The CPE broke the protocol: the outstanding task goes back (or faults), and the session ends with 204.</summary>
    private async Task BreakAsync(HttpContext context, CwmpSession session, string reason)
    {
        Log.Broken(logger, session.DeviceId, reason);
        await CloseAsync(session, reason);
        await CwmpHttp.EndAsync(context);
    }

    /// <summary>Closes a session once: requeues its outstanding task with <paramref name="reason"/>, releases the
    /// device. The caller holds the session's gate (or the session is unreachable).</summary>
    private async Task CloseAsync(CwmpSession session, string? reason)
    {
        if (!session.TryClose())
        {
            return;
        }
        registry.Remove(session);
        try
        {
            if (session.Outstanding is { } outstanding)
            {
                session.Outstanding = null;
                await RequeueAsync(outstanding.Task.Id, session.DeviceId, reason ?? $"the session ended while {outstanding.Kind.RpcName} was outstanding");
            }
            if (session.LeaseHeld)
            {
                session.LeaseHeld = false;
                await leases.ReleaseAsync(session.DeviceId, node.Id, CancellationToken.None);
            }
        }
        finally
        {
            session.Ended.TrySetResult();
        }
    }

    private async Task RequeueAsync(long taskId, string deviceId, string reason)
    {
        var status = await tasks.RequeueAsync(taskId, reason, options.TaskMaxAttempts, NowMs, CancellationToken.None);
        if (status == TaskStates.Queued)
        {
            pending.Add(deviceId);
        }
        else if (status is not null)
        {
            notifier.Notify(taskId);
        }
    }

    /// <summary>True when the session has seen no message for the session timeout, or has outlived
    /// <see cref="SessionOptions.MaxLifetime"/>.</summary>
    public bool Expired(CwmpSession session)
        => Ticks - session.LastActivity > options.SessionTimeoutSeconds * 1000L || OverLifetime(session);

    /// <summary>Closes a timed-out session (called by the reaper, and by an Inform that finds one in its way).</summary>
    public async Task ExpireAsync(CwmpSession session)
    {
        if (!await session.Gate.WaitAsync(0))
        {
            return; // a message is being handled right now: the session is alive
        }
        try
        {
            if (session.IsClosed || !Expired(session))
            {
                return;
            }
            var what = session.Outstanding is { } o ? $" waiting for the answer to {o.Kind.RpcName} (cwmp:ID {o.RequestId})" : "";
            if (Ticks - session.LastActivity <= options.SessionTimeoutSeconds * 1000L)
            {
                var reason = $"the session reached its lifetime of {options.Sessions.MaxLifetime.TotalSeconds:0} s (Acs:Sessions:MaxLifetime){what}";
                Log.Ended(logger, session.DeviceId, reason);
                await CloseAsync(session, reason);
                return;
            }
            await CloseAsync(session, $"the session timed out: no message from the CPE for {options.SessionTimeoutSeconds} s{what}");
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>At shutdown: every session ends; outstanding tasks go back to the queue.</summary>
    public async Task AbortAllAsync()
    {
        foreach (var session in registry.All.ToList())
        {
            await session.Gate.WaitAsync(TimeSpan.FromSeconds(5));
            try
            {
                await CloseAsync(session, "the ACS shut down while waiting for the device's answer");
            }
            finally
            {
                session.Gate.Release();
            }
        }
    }

    // The database lease (DESIGN §4) is taken when the session first sends a task and renewed while it goes on,
    // so that another node's session for the same device waits; it outlives a crashed node by at most the timeout.
    private async Task<bool> HoldLeaseAsync(CwmpSession session, CancellationToken cancellationToken)
    {
        var ticks = Ticks;
        var renewEvery = options.SessionTimeoutSeconds * 1000L / 2;
        if (session.LeaseHeld && ticks - session.LeaseRenewed < renewEvery)
        {
            return true;
        }
        var duration = (options.SessionTimeoutSeconds + 5) * 1000L;
        if (!await leases.TryTakeAsync(session.DeviceId, node.Id, duration, NowMs, cancellationToken))
        {
            return false;
        }
        session.LeaseHeld = true;
        session.LeaseRenewed = ticks;
        return true;
    }
}
