using System.Security.Claims;

namespace TR069Acs.Server.Operators;

/// <summary>The claims of an authenticated operator and their reading back from <see cref="ClaimsPrincipal"/>.</summary>
public static class OperatorClaims
{
    private const string ScopeTagClaim = "acs:scope_tag";
    private const string ScopedClaim = "acs:scoped";
    private const string TokenIdClaim = "acs:token_id";
    private const string SessionClaim = "acs:session";

    /// <summary>The claims identity of <paramref name="identity"/>.</summary>
    public static ClaimsIdentity ToClaimsIdentity(OperatorIdentity identity, string scheme)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, identity.Actor),
            new(ClaimTypes.Role, identity.Role.Name()),
            new(TokenIdClaim, identity.TokenId),
            new(SessionClaim, identity.IsSession ? "true" : "false"),
        };
        if (identity.Scope.Tags is { } tags)
        {
            claims.Add(new Claim(ScopedClaim, "true"));
            claims.AddRange(tags.Select(t => new Claim(ScopeTagClaim, t)));
        }
        return new ClaimsIdentity(claims, scheme);
    }

    /// <summary>The operator a request acts as; null when not authenticated.</summary>
    public static OperatorIdentity? Operator(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(TokenIdClaim) is not { } tokenId)
        {
            return null;
        }
        OperatorRoles.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role);
        var scope = user.HasClaim(c => c.Type == ScopedClaim) ? new OperatorScope([.. user.FindAll(ScopeTagClaim).Select(c => c.Value)]) : OperatorScope.All;
        return new OperatorIdentity(user.Identity.Name ?? "", role, scope, tokenId, user.FindFirstValue(SessionClaim) == "true");
    }
}
