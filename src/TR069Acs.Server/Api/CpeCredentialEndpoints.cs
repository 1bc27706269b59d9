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
        api.MapPost("/devices/{id}/cwmp-credentials/readmit", ReadmitAsync).WithName("ReadmitCwmpDevice")
            .WithSummary("Open the device's re-admission window after a factory reset by hand (the button on the phone): until the answered "
                + "'until' (Acs:CpeAuth:ReadmitWindow from now) the phone may come back ONCE with the install's bootstrap credential on an "
                + "Inform carrying 0 BOOTSTRAP; it is then bound to fresh credentials and the window closes. An ACS-issued factoryReset task "
                + "opens it by itself. Role: operator.");
        return api;
    }

    private static async Task<Results<Ok<ReadmitBody>, ProblemHttpResult>> ReadmitAsync(string id, HttpContext http, TaskService tasks,
        CpeCredentialStore credentials, AcsOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await tasks.FindDeviceAsync(id, cancellationToken) is not { } device)
        {
            return ApiProblems.DeviceNotFound(id);
        }
        var window = options.CpeAuth.ReadmitWindow;
        if (window <= TimeSpan.Zero)
        {
            return TypedResults.Problem("Re-admission after a factory reset is turned off (Acs:CpeAuth:ReadmitWindow is zero).",
                statusCode: StatusCodes.Status409Conflict, title: "Re-admission is off");
        }
        var until = time.GetUtcNow() + window;
        if (!await credentials.OpenReadmitAsync(device.Id, until, cancellationToken))
        {
            return TypedResults.Problem($"Device {device.Id} has no CWMP credentials yet, so nothing locks it out: its admission policy "
                + "(Acs:CpeAuth:Admission) lets it in as in its first session.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to re-admit");
        }
        var text = until.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        http.Items[Operators.AuditMiddleware.DetailKey] = "re-admission window until " + text;
        return TypedResults.Ok(new ReadmitBody(device.Id, until,
            $"Until {text} the device may come back once with the bootstrap credential and 0 BOOTSTRAP (a factory-reset phone); "
            + "it is then bound to fresh credentials."));
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

    /// <summary>The answer to opening a re-admission window: the device and when the window ends.</summary>
    internal sealed record ReadmitBody(string DeviceId, DateTimeOffset Until, string Detail);

    /// <summary>The answer to a rotation.</summary>
    internal sealed record RotationBody(string DeviceId, string Status, string Detail);
}
