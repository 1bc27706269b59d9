namespace TR069Acs.Server.Operators;

// Row shapes as Dapper reads them (snake_case columns to PascalCase properties); times in ms since the Unix epoch.

/// <summary>A row of <c>operator_users</c>.</summary>
internal sealed class UserRow
{
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public string? ScopeTags { get; init; }
    public string PasswordHash { get; init; } = "";
    public long Created { get; init; }
    public long Updated { get; init; }
    public long Failures { get; init; }
    public long? FailureWindow { get; init; }
    public long? LockedUntil { get; init; }
}

/// <summary>A row of <c>operator_tokens</c>.</summary>
internal sealed class TokenRow
{
    public string Id { get; init; } = "";
    public string Hash { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string? UserName { get; init; }
    public string? Role { get; init; }
    public string? ScopeTags { get; init; }
    public long Created { get; init; }
    public long? Expires { get; init; }
    public long? Revoked { get; init; }
}

/// <summary>A token with what it acts as: its user's role and scope for a session, its own for an API token.</summary>
internal sealed class TokenPrincipalRow
{
    public string Id { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string? UserName { get; init; }
    public string? Role { get; init; }
    public string? ScopeTags { get; init; }
    public long? Expires { get; init; }
    public long? Revoked { get; init; }
    public string? UserRole { get; init; }
    public string? UserScopeTags { get; init; }
    public long UserExists { get; init; }
}

/// <summary>Token kinds as stored.</summary>
internal static class TokenKinds
{
    public const string Session = "session";
    public const string Api = "api";
}
