using TR069Acs.Agent.ConnectionRequests;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent;

public sealed partial class Phone
{
    private double _crTokens;
    private long _crRefillTicks;

    /// <summary>Decides on an authenticated Connection Request (TR-069 3.2.2): refused while a session runs or the
    /// phone reboots, and beyond a burst of <see cref="PhoneOptions.ConnectionRequestBurst"/> refilled at one per
    /// <see cref="PhoneOptions.ConnectionRequestInterval"/> (a token bucket). When accepted, <c>6 CONNECTION REQUEST</c>
    /// is queued; the caller answers 200 and then calls <see cref="RequestSession"/>.</summary>
    internal ConnectionRequestVerdict OfferConnectionRequest(out TimeSpan retryAfter)
    {
        var options = _fleet.Options;
        var now = _fleet.Time.GetUtcNow().UtcTicks;
        retryAfter = TimeSpan.FromSeconds(1);
        lock (_lock)
        {
            if (_offlineUntil is not null || !Tr069Enabled)
            {
                return ConnectionRequestVerdict.Busy;
            }
            var interval = Math.Max(1, options.ConnectionRequestInterval.Ticks);
            if (_crRefillTicks != 0)
            {
                _crTokens = Math.Min(options.ConnectionRequestBurst, _crTokens + ((double)(now - _crRefillTicks) / interval));
            }
            _crRefillTicks = now;
            // The rate is checked before the session: a phone over its rate says how long the ACS must wait, whether or
            // not a session happens to be running (its end would not let the request in any earlier).
            if (_crTokens < 1)
            {
                retryAfter = TimeSpan.FromTicks((long)((1 - _crTokens) * interval));
                return ConnectionRequestVerdict.RateLimited;
            }
            if (_inSession)
            {
                return ConnectionRequestVerdict.Busy;
            }
            _crTokens -= 1;
            _events.Add(new EventStruct(EventCodes.ConnectionRequest));
            return ConnectionRequestVerdict.Accepted;
        }
    }
}
