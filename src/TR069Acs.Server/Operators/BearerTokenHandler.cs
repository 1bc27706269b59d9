using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TR069Acs.Server.Operators;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the stored token hashes, on every request (no cache), so
/// a revoked token or a deleted user is refused from the next request on, on every node. A refusal is a 401 problem
/// detail saying what was missing or wrong.</summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    OperatorService operators,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    private const string NoToken = "This call needs a bearer token: log in with POST /api/auth/login {\"username\",\"password\"} (or create an API token) "
        + "and send 'Authorization: Bearer TOKEN'.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer TOKEN' (no other scheme is accepted).");
        }
        var (identity, failure) = await operators.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail(failure!);
        }
        var principal = new ClaimsPrincipal(OperatorClaims.ToClaimsIdentity(identity, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Authentication required", Detail = result.Failure?.Message ?? NoToken },
        });
    }
}
