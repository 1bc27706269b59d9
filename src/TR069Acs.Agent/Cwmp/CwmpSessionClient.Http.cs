using System.Net;
using System.Net.Http.Headers;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Cwmp;

internal sealed partial class CwmpSessionClient
{
    // TR-069 3.4.1: SOAP over HTTP POST with this content type; an empty POST carries no body and no content type.
    private static readonly MediaTypeHeaderValue SoapContentType = MediaTypeHeaderValue.Parse("text/xml; charset=\"utf-8\"");

    /// <summary>POSTs <paramref name="body"/> (empty: the empty POST) and reads the ACS's envelope; null when the ACS
    /// ends the session (204, or 200 with an empty body).</summary>
    private async Task<CwmpEnvelope?> ExchangeAsync(byte[] body, bool isInform, CancellationToken cancellationToken)
    {
        var redirects = 0;
        var authenticated = false;
        while (true)
        {
            using var request = CreateRequest(body, out var credentialsSent);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            _cookies.Capture(response);

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                if (!authenticated && _authenticator.OnChallenge(response.Headers.WwwAuthenticate.Select(h => h.ToString()), credentialsSent))
                {
                    authenticated = true;
                    continue;
                }
                throw new SessionFailedException($"the ACS refused the credentials of user '{_plan.Username}' (401)");
            }
            if (isInform && IsRedirect(response.StatusCode) && response.Headers.Location is { } location && redirects++ < MaxRedirects)
            {
                _url = new Uri(_url, location);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return null;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new SessionFailedException($"the ACS answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return IsBlank(bytes) ? null : CwmpReader.Read(bytes);
        }
    }

    private HttpRequestMessage CreateRequest(byte[] body, out bool credentialsSent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        if (body.Length > 0)
        {
            request.Content.Headers.ContentType = SoapContentType;
            // TR-069 3.4.1: the SOAPAction header is present and empty for every CPE message.
            request.Headers.TryAddWithoutValidation("SOAPAction", "");
        }
        request.Headers.TryAddWithoutValidation("User-Agent", _plan.UserAgent);
        if (_cookies.Header is { } cookie)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
        }
        var authorization = _authenticator.HeaderFor("POST", _url.PathAndQuery);
        credentialsSent = authorization is not null;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (_handler.CloseConnection)
        {
            // The phone is about to reboot: its socket goes away with it.
            request.Headers.ConnectionClose = true;
        }
        return request;
    }

    private static bool IsRedirect(HttpStatusCode status)
        => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool IsBlank(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            // Whitespace, and the UTF-8 byte order mark some servers put before nothing.
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return false;
            }
        }
        return true;
    }
}
