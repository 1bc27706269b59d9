using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Operators;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/users</c> (admin): operators with a role and an optional device-tag scope.</summary>
internal static class UserEndpoints
{
    private const string Example = "{\"name\":\"alice\",\"role\":\"operator\",\"scope\":{\"tags\":[\"site-a\"]},\"password\":\"…\"}";

    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        api.MapPost("/users", CreateAsync).WithName("CreateUser").RequireRole(OperatorRole.Admin)
            .WithSummary("Create a user (admin): {name, role: admin|operator|viewer, scope: {tags:[…]} or null, password (≥ 12 characters; "
                + "omitted: a random one, in this answer only)}.")
            .Accepts<UserCreateBody>("application/json");
        api.MapGet("/users", ListAsync).WithName("ListUsers").RequireRole(OperatorRole.Admin).WithSummary("Users (admin), without passwords.");
        api.MapGet("/users/{name}", GetAsync).WithName("GetUser").RequireRole(OperatorRole.Admin).WithSummary("One user (admin).");
        api.MapPatch("/users/{name}", UpdateAsync).WithName("UpdateUser").RequireRole(OperatorRole.Admin)
            .WithSummary("Change a user (admin): any of role, scope ({tags:[…]}, or null for every device), password. A new password lifts a lockout.")
            .Accepts<UserCreateBody>("application/json");
        api.MapDelete("/users/{name}", DeleteAsync).WithName("DeleteUser").RequireRole(OperatorRole.Admin)
            .WithSummary("Delete a user and end its sessions (admin); the last admin cannot be deleted (409).");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, OperatorService operators, CancellationToken cancellationToken)
    {
        try
        {
            var body = await OperatorBodies.ReadObjectAsync(request, Example, cancellationToken);
            var password = OperatorBodies.String(body, "password");
            var generated = password is null ? OperatorSecrets.NewPassword() : null;
            var user = await operators.CreateUserAsync(OperatorBodies.String(body, "name"), OperatorBodies.String(body, "role"),
                OperatorBodies.Scope(body, out _), password ?? generated, cancellationToken);
            return TypedResults.Created($"/api/users/{Uri.EscapeDataString(user.Name)}", new CreatedUser(user.Name, user.Role, user.Scope, user.Created, generated));
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        catch (OperatorConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "User exists");
        }
    }

    private static async Task<IResult> ListAsync(OperatorService operators, CancellationToken cancellationToken)
        => TypedResults.Ok(await operators.ListUsersAsync(cancellationToken));

    private static async Task<IResult> GetAsync(string name, OperatorService operators, CancellationToken cancellationToken)
        => await operators.GetUserAsync(name, cancellationToken) is { } user ? TypedResults.Ok(user) : NotFound(name);

    private static async Task<IResult> UpdateAsync(string name, HttpRequest request, OperatorService operators, CancellationToken cancellationToken)
    {
        try
        {
            var body = await OperatorBodies.ReadObjectAsync(request, "{\"role\":\"viewer\"}", cancellationToken);
            var scope = OperatorBodies.Scope(body, out var setScope);
            var user = await operators.UpdateUserAsync(name, OperatorBodies.String(body, "role"), setScope, scope, OperatorBodies.String(body, "password"),
                cancellationToken);
            return user is null ? NotFound(name) : TypedResults.Ok(user);
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
        catch (OperatorConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Last admin");
        }
    }

    private static async Task<IResult> DeleteAsync(string name, OperatorService operators, CancellationToken cancellationToken)
    {
        try
        {
            return await operators.DeleteUserAsync(name, cancellationToken) ? TypedResults.NoContent() : NotFound(name);
        }
        catch (OperatorConflictException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Last admin");
        }
    }

    private static IResult NotFound(string name)
        => TypedResults.Problem($"No user named '{name}' exists (GET /api/users lists them).", statusCode: StatusCodes.Status404NotFound, title: "Unknown user");

    /// <summary>The body of POST and PATCH.</summary>
    internal sealed record UserCreateBody(string Name, string Role, ScopeView? Scope, string? Password);

    private sealed record CreatedUser(string Name, string Role, ScopeView? Scope, DateTimeOffset Created,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password);
}
