using System.Globalization;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Cwmp;

/// <summary>Runs one CWMP session of one phone (TR-069 3.7, DESIGN §5).</summary>
/// <remarks>
/// <code>
///   phone                                      ACS
///   POST Inform ──────────────────────────────▶
///             ◀────────────────────────────── 200 InformResponse (sets the session cookie)
///   POST TransferComplete (each pending) ─────▶                     unless HoldRequests
///             ◀────────────────────────────── 200 TransferCompleteResponse
///   POST (empty body) ────────────────────────▶
///             ◀────────────────────────────── 200 request (GetParameterValues …)  ◀─┐ one per
///   POST response or Fault ───────────────────▶                                     │ HTTP
///             ◀────────────────────────────── 200 next request ─────────────────────┘ response
///             ◀────────────────────────────── 204 No Content (or an empty 200): the session is over
/// </code>
/// Cookies set by the ACS are echoed on every later request of the session; a 401 is answered once with the
/// ManagementServer credentials; a redirect of the Inform is followed (TR-069 3.4.5), at most 5 times.
/// </remarks>
internal sealed partial class CwmpSessionClient
{
    // A session is bounded so that an ACS that never says 204 cannot hold a phone (and a session slot) forever.
    private const int MaxExchanges = 5000;
    private const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly SessionPlan _plan;
    private readonly ICwmpRequestHandler _handler;
    private readonly TimeSpan _timeout;
    private readonly SessionCookies _cookies = new();
    private readonly AcsAuthenticator _authenticator;
    private readonly SessionOutcome _outcome = new();
    private Uri _url;
    private int _nextId;

    private CwmpSessionClient(HttpClient http, SessionPlan plan, ICwmpRequestHandler handler, TimeSpan timeout)
    {
        _http = http;
        _plan = plan;
        _handler = handler;
        _timeout = timeout;
        _url = plan.AcsUrl;
        // TR-069 3.4.4: Basic reveals the password, so it is sent unasked only over TLS.
        _authenticator = new AcsAuthenticator(plan.Username, plan.Password, plan.SendBasicUnasked && plan.AcsUrl.Scheme == Uri.UriSchemeHttps);
    }

    /// <summary>Runs the session to its end. Failures (network, HTTP status, unreadable envelopes, a refused Inform)
    /// end up in <see cref="SessionOutcome.Error"/>; only cancellation throws.</summary>
    public static async Task<SessionOutcome> RunAsync(HttpClient http, SessionPlan plan, ICwmpRequestHandler handler,
        TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        var client = new CwmpSessionClient(http, plan, handler, requestTimeout);
        try
        {
            await client.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SessionFailedException e)
        {
            client._outcome.Error = e.Message;
        }
        catch (HttpRequestException e)
        {
            client._outcome.Error = $"HTTP exchange with {client._url} failed: {e.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            client._outcome.Error = $"{client._url} did not answer within {requestTimeout.TotalSeconds:0} s";
        }
        catch (CwmpFormatException e)
        {
            client._outcome.Error = $"the ACS sent an unreadable envelope ({e.Kind}): {e.Message}";
        }
        return client._outcome;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var version = _plan.Version;
        var answer = await ExchangeAsync(Write(version, NextId(), _plan.Inform), isInform: true, cancellationToken).ConfigureAwait(false);
        switch (answer?.Body)
        {
            case InformResponse:
                break;
            case CwmpFault fault:
                throw new SessionFailedException($"the ACS refused the Inform: {fault.FaultCode} {fault.FaultString}");
            case null:
                throw new SessionFailedException("the ACS answered the Inform without an InformResponse");
            default:
                throw new SessionFailedException($"the ACS answered the Inform with {answer.Body.ElementName}");
        }
        _outcome.InformAccepted = true;
        // TR-069 3.4.1: continue in the version the ACS answered in.
        version = answer.Version;
        var hold = answer.Header.HoldRequests == true;

        foreach (var transferComplete in _plan.TransferCompletes)
        {
            if (hold)
            {
                break;   // TR-069 A.3.1: HoldRequests true — no CPE requests until it is lifted.
            }
            answer = await ExchangeAsync(Write(version, NextId(), transferComplete), isInform: false, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                _outcome.Completed = true;   // the ACS ended the session; the TransferComplete is sent again next time
                return;
            }
            if (answer.Body is TransferCompleteResponse)
            {
                _outcome.AcknowledgedTransfers.Add(transferComplete);
                hold = answer.Header.HoldRequests == true;
                continue;
            }
            if (answer.Body is CwmpFault)
            {
                break;   // not acknowledged: it goes again in the next session
            }
            throw new SessionFailedException($"the ACS answered TransferComplete with {answer.Body.ElementName}");
        }

        // The empty POST: the CPE has no more requests; from here on the ACS leads.
        byte[] body = [];
        for (var exchange = 0; exchange < MaxExchanges; exchange++)
        {
            answer = await ExchangeAsync(body, isInform: false, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                _outcome.Completed = true;
                return;
            }
            if (answer.Body is CwmpFault fault)
            {
                throw new SessionFailedException($"the ACS sent a fault instead of a request: {fault.FaultCode} {fault.FaultString}");
            }
            _outcome.AcsRequests.Add(answer.Body.ElementName);
            var response = _handler.Handle(answer.Body);
            // TR-069 A.3.1: the response carries the request's cwmp:ID, in the request's namespace.
            body = Write(answer.Version, answer.Header.Id, response);
        }
        throw new SessionFailedException($"the ACS sent more than {MaxExchanges} requests in one session");
    }

    private string NextId() => (++_nextId).ToString(CultureInfo.InvariantCulture);

    private static byte[] Write(CwmpVersion version, string? id, CwmpMessage message)
        => CwmpWriter.WriteToArray(new CwmpEnvelope(version, new CwmpHeader(Id: id), message));

    /// <summary>A session that cannot go on, with the reason for a person.</summary>
    private sealed class SessionFailedException(string message) : Exception(message);
}
