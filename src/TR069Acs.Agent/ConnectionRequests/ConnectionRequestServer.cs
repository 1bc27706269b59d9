using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.ConnectionRequests;

/// <summary>The Connection Request listener of a whole fleet (TR-069 3.2.2): one Kestrel listener, one path per phone
/// (<c>/cr/{serial}</c>). GET only (405 otherwise); digest authentication (MD5, qop=auth) with the phone's
/// ConnectionRequestUsername/Password; 200 with an empty body at once, then the phone opens a session with
/// <c>6 CONNECTION REQUEST</c>; 503 while the phone is busy or over its rate; 404 for a phone that is not here.</summary>
internal sealed class ConnectionRequestServer : IAsyncDisposable
{
    /// <summary>The path under which every phone has its segment.</summary>
    public const string PathPrefix = "/cr/";

    /// <summary>The digest realm the phones present.</summary>
    public const string Realm = "Cisco IP Phone";

    private readonly PhoneOptions _options;
    private readonly Func<string, Phone?> _findBySerial;
    private readonly ILogger _logger;
    private readonly DigestNonces _nonces;
    private readonly string _opaque = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
    private WebApplication? _app;

    public ConnectionRequestServer(PhoneOptions options, Func<string, Phone?> findBySerial, ILogger logger, TimeProvider time)
    {
        _options = options;
        _findBySerial = findBySerial;
        _logger = logger;
        _nonces = new DigestNonces(options.ConnectionRequestNonceLifetime, time);
    }

    /// <summary>The base of every phone's ConnectionRequestURL, e.g. <c>http://127.0.0.1:40123/cr/</c>.</summary>
    public Uri? BaseUri { get; private set; }

    /// <exception cref="ArgumentException">ListenAddress is not an IP address, <c>localhost</c> or <c>*</c>.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = ListenEndpoint(_options.ListenAddress, _options.ConnectionRequestPort);
        // The empty builder reads no configuration files or environment: the listener must not pick up the
        // endpoints of an ACS configured in the same directory.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Listen(endpoint);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        var host = _options.ConnectionRequestHost
            ?? (endpoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endpoint.Address.Equals(IPAddress.IPv6Any) ? "[::1]" : bound.Host);
        BaseUri = new UriBuilder(Uri.UriSchemeHttp, host, bound.Port, PathPrefix).Uri;
        Log.ConnectionRequestListening(_logger, BaseUri);
    }

    private static IPEndPoint ListenEndpoint(string address, int port)
    {
        var ip = ListenAddressOf(address);
        if (port is < 0 or > 65535)
        {
            throw new ArgumentException($"Connection-request port {port} is not a TCP port.", nameof(port));
        }
        return new IPEndPoint(ip, port);
    }

    /// <summary>The IP address <see cref="PhoneOptions.ListenAddress"/> names (shared with the web admin).</summary>
    /// <exception cref="ArgumentException">Not an IP address, <c>localhost</c> or <c>*</c>.</exception>
    internal static IPAddress ListenAddressOf(string address)
    {
        return address switch
        {
            "*" or "0.0.0.0" => IPAddress.Any,
            "::" or "[::]" => IPAddress.IPv6Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(address.Trim('[', ']'), out var parsed)
                ? parsed
                : throw new ArgumentException($"Listen address '{address}' is not an IP address, 'localhost' or '*'.", nameof(address)),
        };
    }

    private Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value ?? "";
        var phone = path.StartsWith(PathPrefix, StringComparison.Ordinal) && path.Length > PathPrefix.Length
            ? _findBySerial(path[PathPrefix.Length..])
            : null;
        if (phone is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (!HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET";
            return Task.CompletedTask;
        }
        var authentication = Authenticate(context, phone);
        if (authentication != NonceStatus.Valid)
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = DigestAuth.CreateChallenge(Realm, _nonces.Issue(), _opaque, stale: authentication == NonceStatus.Stale);
            return Task.CompletedTask;
        }
        switch (phone.OfferConnectionRequest(out var retryAfter))
        {
            case ConnectionRequestVerdict.Accepted:
                // TR-069 3.2.2: answer first (an empty 200), then start the session.
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentLength = 0;
                response.OnCompleted(() =>
                {
                    phone.RequestSession();
                    return Task.CompletedTask;
                });
                break;
            default:
                response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }
        return Task.CompletedTask;
    }

    /// <summary><see cref="NonceStatus.Valid"/> when the request carries digest credentials of this phone's
    /// ConnectionRequestUsername/Password, for this URI, with a nonce issued here; Stale when only the nonce expired.</summary>
    private NonceStatus Authenticate(HttpContext context, Phone phone)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0 || !DigestAuth.TryParseAuthorization(header, out var credentials))
        {
            return NonceStatus.Invalid;
        }
        var (username, password) = phone.ConnectionRequestCredentials;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value;
        if (credentials.Username != username || credentials.Realm != Realm || credentials.Uri != target)
        {
            return NonceStatus.Invalid;
        }
        var nonce = _nonces.Check(credentials.Nonce);
        if (nonce == NonceStatus.Invalid || !DigestAuth.Verify(credentials, "GET", password))
        {
            return NonceStatus.Invalid;
        }
        return nonce;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }
}
