using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TR069Acs.Server.Files;

namespace TR069Acs.Server.Provisioning;

/// <summary>
/// <c>/prov/activate?code=CODE[&amp;mac=MAC]</c> and <c>/prov/activate/CODE</c> on the file server: where a factory phone's
/// activation <c>Profile_Rule</c> points. GET (and POST, whose body is ignored) answer the activation profile or a plain-text
/// refusal: 400 malformed, 403 unknown, used, expired or revoked (the text says which), 409 unregistrable, 429 too many failures.
/// </summary>
internal sealed partial class ActivationServer(PhoneActivation activation, ActivationRateLimiter limiter, ILogger<ActivationServer> logger)
{
    private const string Activate = "activate";

    /// <summary>Handles the part of the path after <c>/prov</c>.</summary>
    public async Task HandleAsync(HttpContext http, string rest)
    {
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length is 0 or > 2 || !segments[0].Equals(Activate, StringComparison.Ordinal))
        {
            await FileResponses.TextAsync(http, StatusCodes.Status404NotFound, "Nothing is served here: activation is /prov/activate?code=CODE or /prov/activate/CODE.");
            return;
        }
        var method = http.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsPost(method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await FileResponses.TextAsync(http, StatusCodes.Status405MethodNotAllowed, $"{method} is not served here; activation answers GET and POST.");
            return;
        }
        var query = http.Request.Query;
        var inPath = segments.Length == 2 ? segments[1] : null;
        var inQuery = query["code"].Count > 0 ? query["code"].ToString() : null;
        if (inPath is not null && inQuery is not null && !string.Equals(inPath, inQuery, StringComparison.Ordinal))
        {
            await FileResponses.TextAsync(http, StatusCodes.Status400BadRequest, "Activation refused: 'code' is given twice (path and query) with different values.");
            return;
        }
        var remote = http.Connection.RemoteIpAddress?.ToString();
        if (limiter.RetryAfter(remote) is { } wait)
        {
            Log.Limited(logger, remote);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await FileResponses.TextAsync(http, StatusCodes.Status429TooManyRequests,
                "Activation refused: too many failed activations from this address; try again in a minute.");
            return;
        }
        var host = http.Request.Host;
        var outcome = await activation.ActivateAsync(new ActivationRequest(
            inPath ?? inQuery,
            query["mac"].Count > 0 ? query["mac"].ToString() : null,
            http.Request.Headers.UserAgent.Count > 0 ? http.Request.Headers.UserAgent.ToString() : null,
            method,
            remote,
            http.Request.Scheme,
            host.HasValue ? host.Host : null,
            host.Port ?? http.Connection.LocalPort), http.RequestAborted);
        if (outcome.IsFailure)
        {
            limiter.RecordFailure(remote);
        }
        http.Response.Headers.CacheControl = "no-store";
        if (outcome.Refusal is { } refusal)
        {
            await FileResponses.TextAsync(http, refusal.Status, refusal.Message);
            return;
        }
        await FileResponses.BytesAsync(http, outcome.Profile!, "text/xml; charset=utf-8");
    }

    private static partial class Log
    {
        [LoggerMessage(326, LogLevel.Warning, "Activation refused to {Remote}: too many failed activations in the last minute (429)")]
        public static partial void Limited(ILogger logger, string? remote);
    }
}
