namespace TR069Acs.Server.Operators;

/// <summary>The outcome of a login: a session token, or why there is none.</summary>
internal sealed record LoginResult(string? Token, DateTimeOffset? ExpiresAt, DateTimeOffset? LockedUntil)
{
    public static LoginResult Refused { get; } = new(null, null, null);

    public bool Succeeded => Token is not null;
}
