using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TR069Acs.Server.Operators;

/// <summary>Records every state-changing API call (POST, PUT, PATCH, DELETE under <c>/api</c>) once it is answered: who
/// (the authenticated actor, or <c>anonymous</c>), from where, what (method and route template), on what (the target
/// named by the route values, or by the <c>Location</c> of what was created) and the status. Never a body, never a
/// query string (which may carry a value).</summary>
internal sealed class AuditMiddleware(RequestDelegate next, AuditLog audit)
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which an endpoint leaves a short note for its audit entry
    /// (e.g. the configuration version a write became). Never a secret or a value.</summary>
    public const string DetailKey = "acs.audit.detail";

    public async Task InvokeAsync(HttpContext http)
    {
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(http);
            status = http.Response.StatusCode;
        }
        finally
        {
            var endpoint = http.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<Api.SelfAudited>() is null)
            {
                var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
                await audit.RecordAsync(new AuditEntry(
                    http.User.Operator()?.Actor ?? "anonymous",
                    $"{method} {route}",
                    Target(http, route),
                    status,
                    http.Connection.RemoteIpAddress?.ToString(),
                    http.Items.TryGetValue(DetailKey, out var detail) ? detail as string : null), CancellationToken.None);
            }
        }
    }

    /// <summary><c>device:ID</c>, <c>campaign:ID</c>, <c>scope:tag:T</c>… from the route values, else from the Location of a 201.</summary>
    internal static string? Target(HttpContext http, string route)
    {
        string? Value(string name) => http.GetRouteValue(name)?.ToString();
        if (route.StartsWith("/api/config/", StringComparison.Ordinal))
        {
            return route switch
            {
                _ when route.StartsWith("/api/config/global", StringComparison.Ordinal) => "scope:global",
                _ when route.StartsWith("/api/config/models/", StringComparison.Ordinal) => $"scope:model:{Value("key")}",
                _ when route.StartsWith("/api/config/tags/", StringComparison.Ordinal) => $"scope:tag:{Value("key")}",
                _ => $"device:{Value("key")}",
            };
        }
        var kind = route.StartsWith("/api/", StringComparison.Ordinal) ? route[5..].Split('/')[0] : "";
        var id = Value("id") ?? Value("taskId") ?? Value("name");
        if (id is null && http.Response.StatusCode == StatusCodes.Status201Created
            && http.Response.Headers.Location.ToString() is { Length: > 0 } location)
        {
            id = Uri.UnescapeDataString(location.TrimEnd('/')[(location.TrimEnd('/').LastIndexOf('/') + 1)..]);
        }
        return id is null ? null : kind switch
        {
            "devices" => $"device:{id}",
            "campaigns" => $"campaign:{id}",
            "tasks" => $"task:{id}",
            "users" => $"user:{id}",
            "tokens" => $"token:{id}",
            "firmware" => $"firmware:{id}",
            "activation-codes" => $"activation-code:{id}",
            _ => $"{kind}:{id}",
        };
    }
}
