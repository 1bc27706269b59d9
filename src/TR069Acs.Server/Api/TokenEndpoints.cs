using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Operators;

namespace TR069Acs.Server.Api;

/// <summary><c>/api/tokens</c> (admin): bearer tokens for scripts and OSS systems. The token is shown once, at creation;
/// only its SHA-256 is stored. Revocation applies from the next request, on every node.</summary>
internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokens(this RouteGroupBuilder api)
    {
        api.MapPost("/tokens", CreateAsync).WithName("CreateToken").RequireRole(OperatorRole.Admin)
            .WithSummary("Create an API token (admin): {name, role: admin|operator|viewer, scope: {tags:[…]} or null, expiresAt (ISO 8601) or expiresInDays; "
                + "neither: no expiry}. The token is in this answer only.")
            .Accepts<TokenCreateBody>("application/json");
        api.MapGet("/tokens", ListAsync).WithName("ListTokens").RequireRole(OperatorRole.Admin).WithSummary("API tokens (admin), without the tokens themselves.");
        api.MapDelete("/tokens/{id}", RevokeAsync).WithName("RevokeToken").RequireRole(OperatorRole.Admin)
            .WithSummary("Revoke an API token (admin): refused from the next request on (204).");
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, OperatorService operators, CancellationToken cancellationToken)
    {
        try
        {
            var body = await OperatorBodies.ReadObjectAsync(http.Request, "{\"name\":\"oss\",\"role\":\"operator\",\"expiresInDays\":90}", cancellationToken);
            var expiresAt = OperatorBodies.Time(body, "expiresAt");
            if (body["expiresInDays"] is { } days)
            {
                if (expiresAt is not null)
                {
                    throw new ConfigValidationException("expiresInDays", "Give either 'expiresAt' or 'expiresInDays', not both.");
                }
                expiresAt = days is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<int>(out var n) && n is > 0 and <= 3650
                    ? DateTimeOffset.FromUnixTimeMilliseconds(operators.Now).AddDays(n)
                    : throw new ConfigValidationException("expiresInDays", "'expiresInDays' must be a whole number of days, 1 to 3650.");
            }
            var created = await operators.CreateTokenAsync(OperatorBodies.String(body, "name"), OperatorBodies.String(body, "role"),
                OperatorBodies.Scope(body, out _), expiresAt, http.User.Operator()?.Actor, cancellationToken);
            return TypedResults.Created($"/api/tokens/{created.Info.Id}", new CreatedBody(created.Token, created.Info.Id, created.Info.Name, created.Info.Role,
                created.Info.Scope, created.Info.ExpiresAt));
        }
        catch (ConfigValidationException ex)
        {
            return ApiProblems.Invalid(ex.Field, ex.Message);
        }
    }

    private static async Task<IResult> ListAsync(OperatorService operators, CancellationToken cancellationToken)
        => TypedResults.Ok(await operators.ListTokensAsync(cancellationToken));

    private static async Task<IResult> RevokeAsync(string id, OperatorService operators, CancellationToken cancellationToken)
        => await operators.RevokeTokenAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No unrevoked API token with id '{id}' exists (GET /api/tokens lists them).", statusCode: StatusCodes.Status404NotFound,
                title: "Unknown token");

    /// <summary>The body of POST.</summary>
    internal sealed record TokenCreateBody(string Name, string Role, ScopeView? Scope, DateTimeOffset? ExpiresAt, int? ExpiresInDays);

    private sealed record CreatedBody(string Token, string Id, string Name, string Role, ScopeView? Scope, DateTimeOffset? ExpiresAt);
}
