using Dapper;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Operators;

/// <summary>Users and bearer tokens (<c>operator_users</c>, <c>operator_tokens</c>). Every statement is one round trip that
/// several nodes may run at once: the lockout counts with a single UPDATE, and revocation is a column every node reads.</summary>
internal sealed class OperatorStore(AcsDatabase database)
{
    /// <summary>Failed logins within <see cref="FailureWindowMs"/> that lock a user.</summary>
    public const int MaxFailures = 10;

    public const long FailureWindowMs = 60_000;

    public const long LockoutMs = 15 * 60_000;

    private const string UserColumns = "name, role, scope_tags, password_hash, created, updated, failures, failure_window, locked_until";
    private const string TokenColumns = "id, hash, kind, name, user_name, role, scope_tags, created, expires, revoked";

    public async Task<int> CountUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM operator_users", cancellationToken: cancellationToken));
    }

    /// <summary>Adds a user; false when the name is taken.</summary>
    public async Task<bool> InsertUserAsync(UserRow user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertUserIfAbsent, user, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<UserRow?> GetUserAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM operator_users WHERE name = @Name", new { Name = name }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<UserRow>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM operator_users ORDER BY name", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Writes role, scope and password hash; false when the user does not exist.</summary>
    public async Task<bool> UpdateUserAsync(UserRow user, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE operator_users SET role = @Role, scope_tags = @ScopeTags, password_hash = @PasswordHash, updated = @Updated WHERE name = @Name",
            user, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Sets a new password and lifts a lockout (recovery); false when the user does not exist.</summary>
    public async Task<bool> SetPasswordAsync(string name, string passwordHash, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE operator_users SET password_hash = @PasswordHash, updated = @Now, failures = 0, failure_window = NULL, locked_until = NULL WHERE name = @Name",
            new { Name = name, PasswordHash = passwordHash, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Deletes a user and its login sessions; false when it did not exist.</summary>
    public async Task<bool> DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM operator_users WHERE name = @Name", new { Name = name }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM operator_tokens WHERE user_name = @Name AND kind = 'session'", new { Name = name }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    /// <summary>Counts a failed login (a fixed one-minute window from the first failure); the tenth within it locks the
    /// user for 15 minutes. Returns when the user is now locked until, or null.</summary>
    public async Task<long?> RecordFailureAsync(string name, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE operator_users SET
                failures = CASE WHEN failure_window IS NULL OR failure_window <= @WindowStart THEN 1 ELSE failures + 1 END,
                failure_window = CASE WHEN failure_window IS NULL OR failure_window <= @WindowStart THEN @Now ELSE failure_window END
            WHERE name = @Name;
            UPDATE operator_users SET locked_until = @LockedUntil, failures = 0, failure_window = NULL
            WHERE name = @Name AND failures >= @MaxFailures;
            """,
            new { Name = name, Now = now, WindowStart = now - FailureWindowMs, LockedUntil = now + LockoutMs, MaxFailures }, cancellationToken: cancellationToken));
        var locked = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT locked_until FROM operator_users WHERE name = @Name", new { Name = name }, cancellationToken: cancellationToken));
        return locked > now ? locked : null;
    }

    public async Task ClearFailuresAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE operator_users SET failures = 0, failure_window = NULL WHERE name = @Name AND (failures <> 0 OR failure_window IS NOT NULL)",
            new { Name = name }, cancellationToken: cancellationToken));
    }

    public async Task InsertTokenAsync(TokenRow token, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO operator_tokens ({TokenColumns}) VALUES (@Id, @Hash, @Kind, @Name, @UserName, @Role, @ScopeTags, @Created, @Expires, @Revoked)",
            token, cancellationToken: cancellationToken));
    }

    /// <summary>The token with this hash and what it acts as; null when unknown.</summary>
    public async Task<TokenPrincipalRow?> FindTokenAsync(string hash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TokenPrincipalRow>(new CommandDefinition("""
            SELECT t.id, t.kind, t.name, t.user_name, t.role, t.scope_tags, t.expires, t.revoked,
                   u.role AS user_role, u.scope_tags AS user_scope_tags, CASE WHEN u.name IS NULL THEN 0 ELSE 1 END AS user_exists
            FROM operator_tokens t LEFT JOIN operator_users u ON u.name = t.user_name
            WHERE t.hash = @Hash
            """, new { Hash = hash }, cancellationToken: cancellationToken));
    }

    /// <summary>API tokens (not login sessions), newest first.</summary>
    public async Task<IReadOnlyList<TokenRow>> ListApiTokensAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM operator_tokens WHERE kind = 'api' ORDER BY created DESC, id", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Revokes an API token; false when there is no such unrevoked token.</summary>
    public async Task<bool> RevokeApiTokenAsync(string id, long now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE operator_tokens SET revoked = @Now WHERE id = @Id AND kind = 'api' AND revoked IS NULL",
            new { Id = id, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Ends a login session (logout): its row is deleted, so the token is unknown from now on.</summary>
    public async Task<bool> DeleteSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM operator_tokens WHERE id = @Id AND kind = 'session'", new { Id = id }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Deletes login sessions that expired before <paramref name="before"/>; API tokens stay listed.</summary>
    public async Task<int> DeleteExpiredSessionsAsync(long before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM operator_tokens WHERE kind = 'session' AND expires < @Before", new { Before = before }, cancellationToken: cancellationToken));
    }
}
