using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Devices;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Sessions;

/// <summary>The CWMP session state machine (see <see cref="CwmpSession"/> for the message flow). Split by concern:
/// Inform and session start here and in <c>.Inform.cs</c>, CPE requests in <c>.CpeRequests.cs</c>, the task queue
/// and responses in <c>.Tasks.cs</c>, session end and broken sessions in <c>.Closing.cs</c>.</summary>
internal sealed partial class SessionEngine(
    SessionRegistry registry,
    TelemetryWriter telemetry,
    InformDigestCache digests,
    TaskStore tasks,
    LeaseStore leases,
    PendingTaskIndex pending,
    TaskCompletionNotifier notifier,
    Campaigns.ICampaignObserver campaigns,
    CpeAuth.CpeAuthenticator authenticator,
    CpeAuth.CpeCredentialStore credentials,
    Configuration.ConfigReconciler reconciler,
    AcsNode node,
    AcsOptions options,
    TimeProvider time,
    ILogger<SessionEngine> logger)
{
    /// <summary>What the ACS answers to the CPE's GetRPCMethods (TR-069 A.4.1.1 lists the ACS methods).</summary>
    private static readonly string[] _acsMethods =
        ["Inform", "GetRPCMethods", "TransferComplete", "AutonomousTransferComplete", "RequestDownload"];

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    // Session timeouts and lease renewals run on the injected clock's monotonic timestamp (milliseconds), so that a test
    // can move them with a fake TimeProvider and a change of the wall clock cannot end or prolong a session.
    private long Ticks => (long)time.GetElapsedTime(0).TotalMilliseconds;

    /// <summary>A non-empty POST that parsed as a CWMP envelope.</summary>
    public async Task MessageAsync(HttpContext context, CwmpSession? session, CwmpEnvelope envelope)
    {
        if (envelope.Body is Inform inform)
        {
            await InformAsync(context, session, envelope, inform);
            return;
        }
        if (session is null)
        {
            await CwmpHttp.TextAsync(context, StatusCodes.Status400BadRequest,
                $"{envelope.Body.ElementName} arrived outside a CWMP session: a session starts with an Inform, and its cookie must be sent back.");
            return;
        }
        await session.Gate.WaitAsync(context.RequestAborted);
        try
        {
            if (session.IsClosed)
            {
                await CwmpHttp.TextAsync(context, StatusCodes.Status400BadRequest,
                    $"{envelope.Body.ElementName} arrived after the CWMP session ended; start a new session with an Inform.");
                return;
            }
            Touch(session, context);
            if (IsResponse(envelope.Body))
            {
                await ResponseAsync(context, session, envelope);
            }
            else
            {
                await CpeRequestAsync(context, session, envelope);
            }
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>An empty POST: the CPE has no (more) requests; the ACS sends its next request or ends the session.</summary>
    public async Task EmptyPostAsync(HttpContext context, CwmpSession? session)
    {
        if (session is null)
        {
            // Nothing to continue (the session ended or timed out): 204 closes the exchange cleanly for the CPE.
            await CwmpHttp.EndAsync(context);
            return;
        }
        await session.Gate.WaitAsync(context.RequestAborted);
        try
        {
            if (session.IsClosed)
            {
                await CwmpHttp.EndAsync(context);
                return;
            }
            Touch(session, context);
            if (session.Outstanding is { } outstanding)
            {
                await BreakAsync(context, session,
                    $"the CPE sent an empty POST instead of answering {outstanding.Kind.RpcName} (cwmp:ID {outstanding.RequestId})");
                return;
            }
            await SendNextAsync(context, session);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    /// <summary>A body that is not a readable envelope: 400 (413 when too large) naming the problem; nothing is stored.</summary>
    public async Task UnreadableAsync(HttpContext context, CwmpSession? session, CwmpFormatException error)
    {
        if (session is not null && session.Outstanding is { } outstanding && !session.IsClosed)
        {
            await session.Gate.WaitAsync(context.RequestAborted);
            try
            {
                if (!session.IsClosed && session.Outstanding == outstanding)
                {
                    await CloseAsync(session, $"the CPE's answer to {outstanding.Kind.RpcName} could not be read: {error.Message}");
                }
            }
            finally
            {
                session.Gate.Release();
            }
        }
        var status = error.Kind is CwmpErrorKind.TooLarge or CwmpErrorKind.LimitExceeded ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        await CwmpHttp.TextAsync(context, status, $"Unreadable CWMP message: {error.Message}.");
    }

    private void Touch(CwmpSession session, HttpContext context)
    {
        session.LastActivity = Ticks;
        registry.Rebind(session, context.Connection.Id);
    }

    private static bool IsResponse(CwmpMessage message) => message is CwmpFault
        or GetParameterValuesResponse or SetParameterValuesResponse or GetParameterNamesResponse
        or GetParameterAttributesResponse or SetParameterAttributesResponse or AddObjectResponse or DeleteObjectResponse
        or RebootResponse or FactoryResetResponse or DownloadResponse or UploadResponse or ScheduleInformResponse
        or GetRPCMethodsResponse;
}
