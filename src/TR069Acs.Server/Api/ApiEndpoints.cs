using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
        api.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok"))).WithName("Health").AllowAnonymous()
            .WithSummary("Liveness: {\"status\":\"ok\"}. No token needed.");
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

    private sealed record HealthStatus(string Status);
}
