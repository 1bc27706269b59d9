using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace TR069Acs.Server.Api;

/// <summary>A request the framework refuses with a bare 415 (a route that binds a JSON body, sent without
/// <c>Content-Type: application/json</c> or with another type) gets a problem body saying what is expected (issue 15 §5).</summary>
internal sealed class ContentTypeProblems(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status415UnsupportedMediaType || context.Response.HasStarted)
        {
            return;
        }
        var accepted = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types
            ? string.Join(" or ", types)
            : "application/json";
        var sent = string.IsNullOrWhiteSpace(context.Request.ContentType) ? "none" : $"'{context.Request.ContentType}'";
        var example = accepted.Contains("json", StringComparison.OrdinalIgnoreCase) ? " (curl: -H 'Content-Type: application/json')" : "";
        await TypedResults.Problem(
            $"{context.Request.Method} {context.Request.Path} takes a body of type {accepted}; the request's Content-Type was {sent}. "
            + $"Send the header Content-Type: {accepted.Split(' ')[0]}{example}.",
            statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Content-Type").ExecuteAsync(context);
    }
}
