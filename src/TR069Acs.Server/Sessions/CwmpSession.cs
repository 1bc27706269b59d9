using System.Text.Json.Nodes;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Sessions;

/// <summary>One CWMP session, from the CPE's Inform to the ACS's 204. Lives in memory on the node that holds the
/// CPE's connection, keyed by its cookie.</summary>
/// <remarks>
/// <code>
///  CPE                                   ACS
///   │ POST Inform ───────────────────────▶ register device, queue telemetry (write-behind)
///   │ ◀─────────────── InformResponse     Set-Cookie: session=…
///   │ POST TransferComplete / GetRPCMethods (optional CPE requests, each answered)
///   │ POST (empty) ──────────────────────▶ next queued task? (in-memory index, then DB; lease taken)
///   │ ◀───────────────────── RPC request   one per HTTP response, cwmp:ID = acs-{task}-{attempt}
///   │ POST response / Fault ─────────────▶ task done / fault, results stored; next task …
///   │ ◀──────────────────── 204 No Content nothing left: session over, lease released
/// </code>
/// The ACS never sets HoldRequests (TR-069 A.3.1: absent means false), so a CPE request may arrive at any point
/// and is answered without disturbing the outstanding ACS request.
/// </remarks>
internal sealed class CwmpSession
{
    private int _closed;

    private int _requests = 1;

    public CwmpSession(string cookie, string deviceId, DeviceId identity, CwmpVersion version, string connectionId, long now)
    {
        Cookie = cookie;
        DeviceId = deviceId;
        Identity = identity;
        Version = version;
        ConnectionId = connectionId;
        LastActivity = now;
        Started = now;
    }

    /// <summary>When the Inform opened the session (tick count): <see cref="SessionOptions.MaxLifetime"/> counts from here.</summary>
    public long Started { get; }

    /// <summary>The address the CPE informed from (IPv4-mapped addresses as IPv4): every later request must come from it.</summary>
    public System.Net.IPAddress? RemoteAddress { get; init; }

    /// <summary>How the Inform proved the device (its own credentials or certificate), or null when it was only admitted.</summary>
    public CpeAuth.CpeProof? Proof { get; init; }

    /// <summary>HTTP requests of the CPE in this session so far, the Inform included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Counts one more request; returns the new count.</summary>
    public int CountRequest() => Interlocked.Increment(ref _requests);

    public string Cookie { get; }

    public string DeviceId { get; }

    public DeviceId Identity { get; }

    /// <summary>The CWMP namespace the CPE used; every answer is written in it.</summary>
    public CwmpVersion Version { get; }

    /// <summary>The HTTP connection the CPE last used: the fallback for CPEs that do not echo the cookie.</summary>
    public string ConnectionId { get; set; }

    /// <summary>When the last message came, in milliseconds of the ACS's monotonic clock (SessionEngine.Ticks).</summary>
    public long LastActivity { get; set; }

    /// <summary>Serialises the messages of a session (a CPE sends one at a time; a misbehaving one is queued).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The ACS request awaiting the CPE's answer.</summary>
    public OutstandingRequest? Outstanding { get; set; }

    /// <summary>True once the database lease for the device is held by this session.</summary>
    public bool LeaseHeld { get; set; }

    /// <summary>When the lease was last taken or renewed (tick count).</summary>
    public long LeaseRenewed { get; set; }

    /// <summary>Credentials to set on the device in this session (first session, pre-registration, rotation), or null.</summary>
    public CpeAuth.CpeCredentials? Binding { get; init; }

    /// <summary>The data model root of the device (<c>Device.</c> or <c>InternetGatewayDevice.</c>).</summary>
    public string Root { get; init; } = "Device.";

    /// <summary>True once the binding SetParameterValues was sent in this session (it is sent once per session).</summary>
    public bool BindingSent { get; set; }

    /// <summary>The cwmp:ID of the binding SetParameterValues awaiting the CPE's answer, or null.</summary>
    public string? BindingRequestId { get; set; }

    /// <summary>What the Inform said for the reconciliation of the desired state (set once the Inform is accepted).</summary>
    public Configuration.PhoneSessionFacts? Facts { get; set; }

    /// <summary>True once the desired state was considered in this session (at its first ACS request).</summary>
    public bool Reconciled { get; set; }

    /// <summary>Completes when the session is over, whatever the reason.</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Marks the session closed; true for the one caller that closed it.</summary>
    public bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;
}

/// <summary>An ACS request on the wire: the task it carries and the cwmp:ID it was sent with.</summary>
internal sealed record OutstandingRequest(TaskRow Task, TaskKind Kind, JsonObject Payload, string RequestId);
