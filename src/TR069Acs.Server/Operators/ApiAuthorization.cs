using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TR069Acs.Server.Operators;

/// <summary>The role an endpoint needs when it is not the default (reads: viewer; changes: operator).</summary>
/// <param name="Role">The least role allowed.</param>
internal sealed record RequiredRole(OperatorRole Role);

/// <summary>The API's one authorization policy: authenticated, and at least the role the endpoint states — by default
/// <c>viewer</c> for GET and HEAD and <c>operator</c> for every change; <c>admin</c> where <see cref="RequiredRole"/> says so.</summary>
internal static class ApiAuthorization
{
    public const string Policy = "AcsApi";

    /// <summary>The role an endpoint needs.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, OperatorRole role) where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new RequiredRole(role));

    public static OperatorRole RoleFor(HttpContext http)
        => http.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>()?.Role
            ?? (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? OperatorRole.Viewer : OperatorRole.Operator);

    public static string Describe(OperatorRole role) => role switch
    {
        OperatorRole.Admin => "the admin role",
        OperatorRole.Operator => "the operator or admin role",
        _ => "any role",
    };
}

/// <summary>The requirement of <see cref="ApiAuthorization.Policy"/>.</summary>
internal sealed class ApiRoleRequirement : IAuthorizationRequirement;

/// <summary>Checks the caller's role against what the endpoint needs; a refusal names both.</summary>
internal sealed class ApiRoleHandler : AuthorizationHandler<ApiRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiRoleRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.Operator() is not { } caller)
        {
            return Task.CompletedTask;
        }
        var needed = ApiAuthorization.RoleFor(http);
        if (caller.Role >= needed)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this,
                $"{http.Request.Method} {http.Request.Path} needs {ApiAuthorization.Describe(needed)}; '{caller.Actor}' has the {caller.Role.Name()} role."));
        }
        return Task.CompletedTask;
    }
}

/// <summary>Answers a refused authorization with a 403 problem detail that says which role was missing.</summary>
internal sealed class ApiAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).ToList() ?? [];
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed for this role",
                Detail = reasons.Count > 0 ? string.Join(" ", reasons) : "This token's role may not make this call.",
            },
        });
    }
}
