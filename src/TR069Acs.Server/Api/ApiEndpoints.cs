using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TR069Acs.Server.Api;

/// <summary>The operator API under <c>/api</c> (DESIGN §8), served on the API port only.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapAcsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("ACS");
        api.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok"))).WithName("Health").WithSummary("Liveness: {\"status\":\"ok\"}.");
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
