namespace TR069Acs.Agent.ConnectionRequests;

/// <summary>What a phone says to an authenticated Connection Request.</summary>
internal enum ConnectionRequestVerdict
{
    /// <summary>200: a session with <c>6 CONNECTION REQUEST</c> follows.</summary>
    Accepted,

    /// <summary>503: a session is running or the phone is rebooting (TR-069 3.2.2).</summary>
    Busy,

    /// <summary>503: too many Connection Requests in a short time.</summary>
    RateLimited,
}
