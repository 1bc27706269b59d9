using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Operators;

/// <summary>Users and API tokens managed offline, straight on the database (<c>acs users</c>, <c>acs tokens</c>): recovery
/// when the admin password is lost, and scripted set-up before the first start. Each change is in the audit trail with the
/// actor <c>cli</c>. A running server sees the change at its next request.</summary>
public sealed class OperatorAdministration
{
    private const string Actor = "cli";

    private readonly OperatorService _operators;
    private readonly AuditStore _audit;

    private OperatorAdministration(OperatorService operators, AuditStore audit)
    {
        _operators = operators;
        _audit = audit;
    }

    /// <summary>Opens the database of <paramref name="options"/> (<c>--data</c>/<c>--db</c>), bringing its schema up to date.</summary>
    /// <exception cref="InvalidOperationException">The database setting is unusable (the message names it).</exception>
    public static async Task<OperatorAdministration> OpenAsync(AcsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var database = AcsDatabase.FromOptions(options);
        await new MigrationRunner(database, NullLogger<MigrationRunner>.Instance).ApplyAsync(cancellationToken);
        return new OperatorAdministration(new OperatorService(new OperatorStore(database), options, TimeProvider.System), new AuditStore(database));
    }

    /// <summary>Every user.</summary>
    public Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken = default) => _operators.ListUsersAsync(cancellationToken);

    /// <summary>Adds a user; with no <paramref name="password"/> a random one is made and returned.</summary>
    /// <exception cref="InvalidOperationException">A name, role, tag or password is invalid, or the name is taken (the message says which).</exception>
    public async Task<(UserView User, string? GeneratedPassword)> AddUserAsync(string name, string role, IReadOnlyList<string>? scopeTags, string? password,
        CancellationToken cancellationToken = default)
    {
        var generated = password is null ? OperatorSecrets.NewPassword() : null;
        var user = await Checked(() => _operators.CreateUserAsync(name, role, scopeTags, password ?? generated, cancellationToken));
        await AuditAsync("cli.users.add", $"user:{user.Name}", cancellationToken);
        return (user, generated);
    }

    /// <summary>Gives a user a new random password and lifts its lockout; returns it, or null when there is no such user.</summary>
    public async Task<string?> ResetPasswordAsync(string name, CancellationToken cancellationToken = default)
    {
        var password = await _operators.ResetPasswordAsync(name, cancellationToken);
        if (password is not null)
        {
            await AuditAsync("cli.users.reset-password", $"user:{name}", cancellationToken);
        }
        return password;
    }

    /// <summary>Changes a user's role (and scope: null tags for every device); null when there is no such user.</summary>
    /// <exception cref="InvalidOperationException">Invalid role or tags, or the last admin would be lost.</exception>
    public async Task<UserView?> SetRoleAsync(string name, string role, IReadOnlyList<string>? scopeTags, CancellationToken cancellationToken = default)
    {
        var user = await Checked(() => _operators.UpdateUserAsync(name, role, setScope: true, scopeTags, null, cancellationToken));
        if (user is not null)
        {
            await AuditAsync("cli.users.set-role", $"user:{name}", cancellationToken);
        }
        return user;
    }

    /// <summary>Deletes a user; false when there is no such user.</summary>
    /// <exception cref="InvalidOperationException">It is the last admin.</exception>
    public async Task<bool> DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        var deleted = await Checked(() => _operators.DeleteUserAsync(name, cancellationToken));
        if (deleted)
        {
            await AuditAsync("cli.users.delete", $"user:{name}", cancellationToken);
        }
        return deleted;
    }

    /// <summary>Creates an API token; the token is in the answer only.</summary>
    /// <exception cref="InvalidOperationException">A name, role, tag or expiry is invalid.</exception>
    public async Task<CreatedToken> CreateTokenAsync(string name, string role, IReadOnlyList<string>? scopeTags, DateTimeOffset? expiresAt,
        CancellationToken cancellationToken = default)
    {
        var created = await Checked(() => _operators.CreateTokenAsync(name, role, scopeTags, expiresAt, Actor, cancellationToken));
        await AuditAsync("cli.tokens.create", $"token:{created.Info.Id}", cancellationToken);
        return created;
    }

    /// <summary>Every API token (without the tokens).</summary>
    public Task<IReadOnlyList<TokenView>> ListTokensAsync(CancellationToken cancellationToken = default) => _operators.ListTokensAsync(cancellationToken);

    /// <summary>Revokes an API token; false when unknown or revoked already.</summary>
    public async Task<bool> RevokeTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        var revoked = await _operators.RevokeTokenAsync(id, cancellationToken);
        if (revoked)
        {
            await AuditAsync("cli.tokens.revoke", $"token:{id}", cancellationToken);
        }
        return revoked;
    }

    private Task AuditAsync(string action, string target, CancellationToken cancellationToken)
        => _audit.AppendAsync([(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new AuditEntry(Actor, action, target, null, "local"))], cancellationToken);

    private static async Task<T> Checked<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ConfigValidationException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
        catch (OperatorConflictException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
    }
}
