using Microsoft.AspNetCore.Http;

namespace TR069Acs.Server.Files;

/// <summary>The file server listener (default port 7567, DESIGN §1): <c>/cfg/…</c> profiles, <c>/firmware/…</c>
/// images and <c>/prov/activate</c> (activation codes). Requests arrive here by local port, before routing; nothing of the operator API is reachable on this port.</summary>
internal sealed class FileServer(ProfileServer profiles, FirmwareFiles firmware, Provisioning.ActivationServer activation)
{
    private static readonly PathString _cfg = "/cfg";
    private static readonly PathString _firmware = "/firmware";
    private static readonly PathString _prov = "/prov";

    public async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        if (http.Request.Path.StartsWithSegments(_cfg, StringComparison.Ordinal, out var rest))
        {
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !HttpMethods.IsPost(method))
            {
                http.Response.Headers.Allow = "GET, HEAD, POST";
                await FileResponses.TextAsync(http, StatusCodes.Status405MethodNotAllowed, $"{method} is not served here; profiles answer GET, HEAD and POST.");
                return;
            }
            await profiles.HandleAsync(http, rest.Value is { Length: > 1 } r ? r[1..] : "");
            return;
        }
        if (http.Request.Path.StartsWithSegments(_firmware, StringComparison.Ordinal, out rest))
        {
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                http.Response.Headers.Allow = "GET, HEAD";
                await FileResponses.TextAsync(http, StatusCodes.Status405MethodNotAllowed, $"{method} is not served here; firmware answers GET and HEAD.");
                return;
            }
            await firmware.HandleAsync(http, rest.Value is { Length: > 1 } r ? r[1..] : "");
            return;
        }
        if (http.Request.Path.StartsWithSegments(_prov, StringComparison.Ordinal, out rest))
        {
            await activation.HandleAsync(http, rest.Value ?? "");
            return;
        }
        await FileResponses.TextAsync(http, StatusCodes.Status404NotFound, $"Nothing is served at {http.Request.Path}: profiles are under /cfg/, firmware under /firmware/.");
    }
}
