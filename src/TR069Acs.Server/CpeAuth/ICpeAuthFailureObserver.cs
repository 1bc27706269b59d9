namespace TR069Acs.Server.CpeAuth;

/// <summary>Told of every refused CWMP authentication (the operator audit log subscribes; register implementations as
/// singletons). Called on the request path: implementations queue, they do not block.</summary>
internal interface ICpeAuthFailureObserver
{
    /// <summary>A CPE failed to prove the identity it claimed; nothing was changed.</summary>
    void OnFailure(CpeAuthFailure failure);

    /// <summary>A bound device came back after a factory reset with the bootstrap credential and was let in through its
    /// re-admission window (which is now closed).</summary>
    void OnReadmitted(string deviceId, string? remoteAddress)
    {
    }
}

/// <summary>One refused CWMP authentication. Never carries a secret.</summary>
/// <param name="ClaimedDeviceId">The device the Inform named.</param>
/// <param name="Source">The source address (IPv6: its /64) as counted by the throttle.</param>
/// <param name="RemoteAddress">The remote address of the connection.</param>
/// <param name="Status">The HTTP status answered (401, 403 or 429).</param>
/// <param name="Reason">What was wrong, for people.</param>
/// <param name="FirstInBurst">True for the first failure from this source in its window (what the log shows).</param>
/// <param name="Time">When.</param>
internal sealed record CpeAuthFailure(string ClaimedDeviceId, string Source, string? RemoteAddress, int Status, string Reason, bool FirstInBurst,
    DateTimeOffset Time);
