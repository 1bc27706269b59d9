using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Campaigns;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Operators;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Api;

/// <summary>What roles and device scopes mean for each route, in one place (runs after authorization):
/// <list type="bullet">
/// <item>a viewer never sees a key: <c>?includeKey=true</c> needs the operator role;</item>
/// <item>for a tag-scoped operator or viewer, a device outside the scope does not exist (404 as for an unknown id) on every
/// <c>/devices/{id}</c>, <c>/config/devices/{key}</c> and <c>/tasks/{taskId}</c> route; a tag scope outside it cannot be read or
/// written; global and model configuration, which reach devices outside it, are read-only; activation codes and
/// unattached syslog messages (which belong to no device yet) are refused; a campaign is visible only when its selector
/// requires one of the scope's tags.</item>
/// </list>
/// Lists (<c>GET /devices</c>, <c>GET /campaigns</c>) and the bodies of <c>POST /devices</c>, <c>PUT /devices/{id}/tags</c> and
/// <c>POST /campaigns</c> are limited by their endpoints, which see the same <see cref="OperatorScope"/>.</summary>
internal sealed class ApiAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Operator() is not { } caller)
        {
            return await next(context);
        }
        if (caller.Role < OperatorRole.Operator && QueryValues.TryBool(http.Request.Query["includeKey"], "includeKey", out var showKey, out _) && showKey)
        {
            return Forbidden($"Showing a key (includeKey=true) needs the operator or admin role; '{caller.Actor}' has the {caller.Role.Name()} role.");
        }
        if (!caller.Scope.IsRestricted)
        {
            return await next(context);
        }
        var scope = caller.Scope;
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "";
        var services = http.RequestServices;
        var cancellationToken = http.RequestAborted;
        var write = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        if (pattern.StartsWith("/api/devices/{id}", StringComparison.Ordinal) || pattern.StartsWith("/api/config/devices/{key}", StringComparison.Ordinal))
        {
            var id = (http.GetRouteValue("id") ?? http.GetRouteValue("key")) as string ?? "";
            return await DeviceVisibleAsync(services, scope, id, cancellationToken) ? await next(context) : ApiProblems.DeviceNotFound(id);
        }
        if (pattern.StartsWith("/api/tasks/{taskId", StringComparison.Ordinal))
        {
            var taskId = long.TryParse(http.GetRouteValue("taskId") as string, out var t) ? t : 0;
            var task = await services.GetRequiredService<TaskStore>().GetAsync(taskId, cancellationToken);
            return task is not null && await DeviceVisibleAsync(services, scope, task.DeviceId, cancellationToken)
                ? await next(context)
                : ApiProblems.TaskNotFound(taskId);
        }
        if (pattern.StartsWith("/api/config/tags/{key}", StringComparison.Ordinal))
        {
            var tag = http.GetRouteValue("key") as string ?? "";
            return scope.AllowsTag(tag) ? await next(context) : Forbidden($"'{caller.Actor}' is limited to the tags {Tags(scope)}; the tag '{tag}' is outside them.");
        }
        if (write && (pattern.StartsWith("/api/config/global", StringComparison.Ordinal) || pattern.StartsWith("/api/config/models/", StringComparison.Ordinal)))
        {
            return Forbidden($"'{caller.Actor}' is limited to the tags {Tags(scope)}; global and model configuration reach devices outside them. "
                + "Write a tag scope (/api/config/tags/{tag}) or a device instead.");
        }
        if (pattern.StartsWith("/api/activation-codes", StringComparison.Ordinal) || pattern == "/api/syslog/unattached")
        {
            return Forbidden($"'{caller.Actor}' is limited to the tags {Tags(scope)}; {pattern} concerns devices that are in no scope yet.");
        }
        if (pattern.StartsWith("/api/campaigns/{id", StringComparison.Ordinal))
        {
            var id = long.TryParse(http.GetRouteValue("id") as string, out var c) ? c : 0;
            var campaign = await services.GetRequiredService<CampaignService>().GetAsync(id, cancellationToken);
            return campaign is not null && CampaignVisible(scope, campaign.Selector)
                ? await next(context)
                : TypedResults.Problem($"No campaign with id {id} exists.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campaign");
        }
        return await next(context);
    }

    /// <summary>True when every device the selector can pick is inside the scope: it requires one of the scope's tags.</summary>
    public static bool CampaignVisible(OperatorScope scope, DeviceSelector selector)
        => !scope.IsRestricted || (selector.Tags is { } tags && tags.Any(scope.AllowsTag));

    public static string Tags(OperatorScope scope) => string.Join(", ", (scope.Tags ?? []).Select(t => $"'{t}'"));

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Forbidden(string detail)
        => TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Outside your scope");

    private static async Task<bool> DeviceVisibleAsync(IServiceProvider services, OperatorScope scope, string deviceId, CancellationToken cancellationToken)
        => scope.Allows(await services.GetRequiredService<ConfigStore>().GetTagsAsync(deviceId, cancellationToken));
}
