using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Operators;

namespace TR069Acs.Server.Api;

/// <summary>The operator API under <c>/api</c> (DESIGN §8), served on the API port only.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapAcsApi(this IEndpointRouteBuilder endpoints)
    {
        // Every route needs a bearer token and the role it states (reads: viewer, changes: operator) but the health check
        // and the login; device scopes are applied by ApiAccessFilter.
        var api = endpoints.MapGroup("/api").WithTags("ACS").RequireAuthorization(ApiAuthorization.Policy).AddEndpointFilter<ApiAccessFilter>();
        api.MapGet("/health", HealthAsync).WithName("Health").AllowAnonymous()
            .WithSummary("Health for load balancers, no token needed: this node's id, the database provider and whether it answers "
                + "(503 and status 'unavailable' when it does not within Acs:Cluster:HealthTimeout), and the nodes that checked in recently.");
        api.MapAuth().MapUsers().MapTokens().MapAudit();
        api.MapDevices();
        api.MapCpeCredentials();
        api.MapTasks();
        api.MapConfig().MapFirmware();
        api.MapLogs();
        api.MapCampaigns();
        api.MapSecureProvisioning().MapActivationCodes();
        return endpoints;
    }

    private static async Task<IResult> HealthAsync(ClusterHealth health, HttpContext http)
    {
        var report = await health.CheckAsync(http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        return report.Database.Reachable
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
