using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Operators;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/auth/login</c> (anyone) and <c>/api/auth/logout</c> (any role). A login records its own audit entry,
/// with the user name tried, success or failure.</summary>
internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/login", LoginAsync).WithName("Login").AllowAnonymous().WithMetadata(new SelfAudited())
            .WithSummary("Log in: {\"username\",\"password\"} → {\"token\",\"expiresAt\"}; send 'Authorization: Bearer TOKEN' on every other call. "
                + "Ten failures within a minute lock the user for 15 minutes (429).")
            .Accepts<LoginBody>("application/json");
        api.MapPost("/auth/logout", LogoutAsync).WithName("Logout").RequireRole(OperatorRole.Viewer)
            .WithSummary("End this login session: its token is refused from now on (204). Any role.");
        api.MapPost("/auth/password", ChangePasswordAsync).WithName("ChangeOwnPassword").RequireRole(OperatorRole.Viewer)
            .WithSummary("Change your own password: {\"currentPassword\",\"newPassword\"} (≥ 12 characters); 204. Any role, login sessions only.")
            .Accepts<PasswordBody>("application/json");
        return api;
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, OperatorService operators, CancellationToken cancellationToken)
    {
        var caller = http.User.Operator()!;
        if (!caller.IsSession)
        {
            return TypedResults.Problem($"'{caller.Actor}' is an API token, which has no password.", statusCode: StatusCodes.Status409Conflict,
                title: "Not a login session");
        }
        try
        {
            var body = await OperatorBodies.ReadObjectAsync(http.Request, "{\"currentPassword\":\"…\",\"newPassword\":\"…\"}", cancellationToken);
            var current = OperatorBodies.String(body, "currentPassword") ?? throw new ConfigValidationException("currentPassword", "'currentPassword' is required.");
            return await operators.ChangeOwnPasswordAsync(caller.Actor, current, OperatorBodies.String(body, "newPassword"), cancellationToken)
                ? TypedResults.NoContent()
                : TypedResults.Problem("'currentPassword' is not your current password.", statusCode: StatusCodes.Status403Forbidden, title: "Wrong password");
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
    }

    private static async Task<IResult> LoginAsync(HttpContext http, OperatorService operators, AuditLog audit, CancellationToken cancellationToken)
    {
        string user;
        string password;
        try
        {
            var body = await OperatorBodies.ReadObjectAsync(http.Request, "{\"username\":\"admin\",\"password\":\"…\"}", cancellationToken);
            user = OperatorBodies.String(body, "username")?.Trim() ?? throw new ConfigValidationException("username", "'username' is required.");
            password = OperatorBodies.String(body, "password") ?? throw new ConfigValidationException("password", "'password' is required.");
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        var result = await operators.LoginAsync(user, password, cancellationToken);
        var remote = http.Connection.RemoteIpAddress?.ToString();
        if (result.Succeeded)
        {
            await audit.RecordAsync(new AuditEntry(user, "auth.login", $"user:{user}", StatusCodes.Status200OK, remote), cancellationToken);
            return TypedResults.Ok(new LoginAnswer(result.Token!, result.ExpiresAt!.Value));
        }
        if (result.LockedUntil is { } until)
        {
            await audit.RecordAsync(new AuditEntry(user, "auth.login.failed", $"user:{user}", StatusCodes.Status429TooManyRequests, remote, "locked"), cancellationToken);
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem($"The user '{user}' is locked after {OperatorStore.MaxFailures} failed logins within a minute, until {until:O}. "
                + "An admin can lift it by setting a new password (PATCH /api/users/{name}, or offline: acs users reset-password).",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed logins");
        }
        await audit.RecordAsync(new AuditEntry(user, "auth.login.failed", $"user:{user}", StatusCodes.Status401Unauthorized, remote, "wrong user name or password"),
            cancellationToken);
        return TypedResults.Problem("Unknown user name or wrong password.", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, OperatorService operators, CancellationToken cancellationToken)
    {
        var caller = http.User.Operator()!;
        if (!caller.IsSession)
        {
            return TypedResults.Problem($"'{caller.Actor}' is an API token, not a login session: an admin revokes it with DELETE /api/tokens/{caller.TokenId}.",
                statusCode: StatusCodes.Status409Conflict, title: "Not a login session");
        }
        await operators.LogoutAsync(caller.TokenId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The password change request.</summary>
    internal sealed record PasswordBody(string CurrentPassword, string NewPassword);

    /// <summary>The login request.</summary>
    internal sealed record LoginBody(string Username, string Password);

    private sealed record LoginAnswer(string Token, DateTimeOffset ExpiresAt);
}

/// <summary>Marks an endpoint that writes its own audit entries (the pipeline does not add one).</summary>
internal sealed class SelfAudited;
