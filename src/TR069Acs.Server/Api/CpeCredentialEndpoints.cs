using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.CpeAuth;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/devices/{id}/cwmp-credentials</c>: the device's own CWMP credentials (DESIGN §4a).</summary>
internal static class CpeCredentialEndpoints
{
    public static RouteGroupBuilder MapCpeCredentials(this RouteGroupBuilder api)
    {
        api.MapPost("/devices/{id}/cwmp-credentials/rotate", RotateAsync).WithName("RotateCwmpCredentials")
            .WithSummary("Queue a new random CWMP and Connection Request password for the device, set on it in its next session; the current "
                + "ones stay valid until it has accepted the new ones, so a lost answer never locks it out. The passwords are never shown. Role: operator.");
        return api;
    }

    private static async Task<Results<Accepted<RotationBody>, ProblemHttpResult>> RotateAsync(string id, TaskService tasks, CpeCredentialStore credentials,
        CancellationToken cancellationToken)
    {
        if (await tasks.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        if (!await credentials.RotateAsync(device.Id, cancellationToken))
        {
            return TypedResults.Problem($"Device {device.Id} has no CWMP credentials yet: they are set in its first session (or at pre-registration).",
                statusCode: StatusCodes.Status409Conflict, title: "No credentials to rotate");
        }
        return TypedResults.Accepted($"/api/devices/{Uri.EscapeDataString(device.Id)}",
            new RotationBody(device.Id, "pending", "The new credentials are set on the device in its next session; until it accepts them the current ones stay valid."));
    }

    /// <summary>The answer to a rotation.</summary>
    internal sealed record RotationBody(string DeviceId, string Status, string Detail);
}
