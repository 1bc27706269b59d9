namespace TR069Acs.Server.Operators;

/// <summary>A user as the API and the CLI show it (never its password hash).</summary>
/// <param name="Name">The login name.</param>
/// <param name="Role"><c>admin</c>, <c>operator</c> or <c>viewer</c>.</param>
/// <param name="Scope">The device tags it is limited to; null for every device.</param>
/// <param name="Created">When it was created.</param>
/// <param name="Updated">When its role, scope or password last changed.</param>
/// <param name="LockedUntil">When a lockout after failed logins ends; null when not locked.</param>
public sealed record UserView(string Name, string Role, ScopeView? Scope, DateTimeOffset Created, DateTimeOffset Updated, DateTimeOffset? LockedUntil);

/// <summary>A device scope: the tags whose devices a user or token may see.</summary>
/// <param name="Tags">The tags.</param>
public sealed record ScopeView(IReadOnlyList<string> Tags);

/// <summary>An API token as listed (never the token itself).</summary>
/// <param name="Id">Its public id (for <c>DELETE /api/tokens/{id}</c>).</param>
/// <param name="Name">What it is for, e.g. <c>oss</c>.</param>
/// <param name="Role">Its role.</param>
/// <param name="Scope">Its device scope; null for every device.</param>
/// <param name="CreatedBy">The admin who created it.</param>
/// <param name="Created">When.</param>
/// <param name="ExpiresAt">When it stops working; null: never.</param>
/// <param name="RevokedAt">When it was revoked; null: not revoked.</param>
public sealed record TokenView(string Id, string Name, string Role, ScopeView? Scope, string? CreatedBy, DateTimeOffset Created,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A new API token: shown once, never again.</summary>
/// <param name="Token">The bearer token.</param>
/// <param name="Info">The token as listed.</param>
public sealed record CreatedToken(string Token, TokenView Info);

internal static class OperatorViews
{
    public static UserView From(UserRow row, long now) => new(row.Name, row.Role, Scope(OperatorScope.FromJson(row.ScopeTags)),
        Time(row.Created), Time(row.Updated), row.LockedUntil > now ? Time(row.LockedUntil.Value) : null);

    public static TokenView From(TokenRow row) => new(row.Id, row.Name, row.Role ?? "", Scope(OperatorScope.FromJson(row.ScopeTags)), row.UserName,
        Time(row.Created), row.Expires is { } e ? Time(e) : null, row.Revoked is { } r ? Time(r) : null);

    public static ScopeView? Scope(OperatorScope scope) => scope.Tags is null ? null : new ScopeView(scope.Tags);

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
