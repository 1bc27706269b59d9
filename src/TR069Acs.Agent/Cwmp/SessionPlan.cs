using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Cwmp;

/// <summary>What a session starts with.</summary>
/// <param name="AcsUrl">Where to POST (Device.ManagementServer.URL).</param>
/// <param name="Version">The CWMP version the Inform is written in.</param>
/// <param name="Inform">The Inform.</param>
/// <param name="TransferCompletes">TransferCompletes to send after the InformResponse, in order.</param>
/// <param name="Username">Credentials for an ACS that challenges (Device.ManagementServer.Username).</param>
/// <param name="Password">Device.ManagementServer.Password.</param>
/// <param name="SendBasicUnasked">Send Basic credentials with the first request.</param>
/// <param name="UserAgent">The User-Agent header.</param>
internal sealed record SessionPlan(
    Uri AcsUrl,
    CwmpVersion Version,
    Inform Inform,
    IReadOnlyList<TransferComplete> TransferCompletes,
    string Username,
    string Password,
    bool SendBasicUnasked,
    string UserAgent);

/// <summary>How a session went, filled in as it progresses (so a failure still tells what was done).</summary>
internal sealed class SessionOutcome
{
    /// <summary>The ACS answered the Inform: its events are delivered (TR-069 3.7.1.5).</summary>
    public bool InformAccepted { get; set; }

    /// <summary>The ACS ended the session normally (204 or an empty 200 after the CPE's empty POST).</summary>
    public bool Completed { get; set; }

    /// <summary>TransferCompletes the ACS acknowledged.</summary>
    public List<TransferComplete> AcknowledgedTransfers { get; } = [];

    /// <summary>The ACS requests received, by element name, in order.</summary>
    public List<string> AcsRequests { get; } = [];

    /// <summary>Why the session failed, for a person; null when it completed.</summary>
    public string? Error { get; set; }
}
