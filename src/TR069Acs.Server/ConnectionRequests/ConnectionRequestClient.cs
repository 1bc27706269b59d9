using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Server.ConnectionRequests;

/// <summary>Sends Connection Requests (TR-069 3.2.2): an HTTP GET without a body to the CPE's ConnectionRequestURL,
/// answering a digest challenge (MD5, qop=auth) with the device's credentials; Basic only when the CPE asks for it.
/// Connections go only to the addresses <see cref="ConnectionRequestGuard"/> checked: the client never resolves a name
/// itself, and every request opens its own connection.</summary>
internal sealed class ConnectionRequestClient : IDisposable
{
    private static readonly HttpRequestOptionsKey<IReadOnlyList<IPAddress>> _checkedAddresses = new("TR069Acs.CheckedAddresses");

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public ConnectionRequestClient(AcsOptions options, TimeProvider time)
    {
        _time = time;
        var timeout = TimeSpan.FromSeconds(Math.Max(1, options.ConnectionRequestTimeoutSeconds));
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = timeout,
            // A CPE serves one request per connection as often as not; never reuse a stale one.
            PooledConnectionLifetime = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = timeout,
        };
    }

    /// <summary>Sends the request; never throws for network or HTTP failures, they become the outcome.</summary>
    public async Task<ConnectionRequestOutcome> SendAsync(Uri url, IReadOnlyList<IPAddress> addresses, string username, string password,
        CancellationToken cancellationToken)
    {
        try
        {
            using var first = await GetAsync(url, addresses, null, cancellationToken);
            if (first.StatusCode != HttpStatusCode.Unauthorized)
            {
                return Outcome(first.StatusCode);
            }
            var authorization = Answer(first, url, username, password);
            if (authorization is null)
            {
                return new ConnectionRequestOutcome(false, 401, "the CPE demands authentication with a scheme other than Digest (MD5, qop=auth) or Basic", _time.GetUtcNow());
            }
            using var second = await GetAsync(url, addresses, authorization, cancellationToken);
            return second.StatusCode == HttpStatusCode.Unauthorized
                ? new ConnectionRequestOutcome(false, 401, $"the CPE refused the credentials of user '{username}'", _time.GetUtcNow())
                : Outcome(second.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            return new ConnectionRequestOutcome(false, null, $"cannot reach {url}: {ex.Message}", _time.GetUtcNow());
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ConnectionRequestOutcome(false, null, $"no answer from {url} within {_http.Timeout.TotalSeconds:0} s", _time.GetUtcNow());
        }
    }

    private async Task<HttpResponseMessage> GetAsync(Uri url, IReadOnlyList<IPAddress> addresses, string? authorization,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Options.Set(_checkedAddresses, addresses);
        // A pooled connection may lead to an address checked for another request: each request gets its own.
        request.Headers.ConnectionClose = true;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    // The socket connects to the checked addresses in turn (the URL's host name is never resolved again here), so what the
    // guard refused cannot be reached through a second, different DNS answer.
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(_checkedAddresses, out var addresses) || addresses.Count == 0)
        {
            throw new HttpRequestException("a Connection Request without checked addresses is never sent");
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    private static string? Answer(HttpResponseMessage challenge, Uri url, string username, string password)
    {
        if (!challenge.Headers.TryGetValues("WWW-Authenticate", out var values))
        {
            return null;
        }
        var all = values.ToList();
        foreach (var value in all)
        {
            if (DigestAuth.TryParseChallenge(value, out var digest))
            {
                var clientNonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                return DigestAuth.CreateAuthorization(digest, "GET", url.PathAndQuery, username, password, clientNonce, 1);
            }
        }
        return all.Any(BasicAuth.IsChallenge) ? BasicAuth.CreateAuthorization(username, password) : null;
    }

    private ConnectionRequestOutcome Outcome(HttpStatusCode status)
    {
        var code = (int)status;
        return code is >= 200 and < 300
            ? new ConnectionRequestOutcome(true, code, null, _time.GetUtcNow())
            : new ConnectionRequestOutcome(false, code, code == 503
                ? "the CPE is busy (503): it is in a session or limits Connection Requests"
                : $"the CPE answered HTTP {code}", _time.GetUtcNow());
    }

    public void Dispose() => _http.Dispose();
}
