using System.Text.RegularExpressions;
using TR069Acs.Server.Configuration;

namespace TR069Acs.Server.Operators;

/// <summary>Users, logins and bearer tokens: what the API's <c>/api/auth</c>, <c>/api/users</c> and <c>/api/tokens</c> and the
/// offline <c>acs users</c>/<c>acs tokens</c> commands do. Every input is validated here; a
/// <see cref="ConfigValidationException"/> names the member that is wrong and nothing is stored.</summary>
internal sealed partial class OperatorService(OperatorStore store, AcsOptions options, TimeProvider time)
{
    /// <summary>The user the first start creates.</summary>
    public const string InitialAdmin = "admin";

    /// <summary>The longest lifetime of an API token: about ten years, so a date typo does not mean "forever".</summary>
    private const long MaxTokenLifetimeMs = 3660L * 24 * 3600 * 1000;

    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<UserView> CreateUserAsync(string? name, string? role, IReadOnlyList<string>? scopeTags, string? password,
        CancellationToken cancellationToken = default)
    {
        var user = CheckName(name, "name");
        var parsedRole = CheckRole(role, "role");
        var scope = CheckScope(parsedRole, scopeTags, "scope.tags");
        var secret = CheckPassword(password, "password");
        var now = Now;
        var row = new UserRow
        {
            Name = user, Role = parsedRole.Name(), ScopeTags = scope.ToJson(), PasswordHash = OperatorSecrets.HashPassword(user, secret), Created = now, Updated = now,
        };
        if (!await store.InsertUserAsync(row, cancellationToken))
        {
            throw new OperatorConflictException($"A user named '{user}' exists already; change it with PATCH /api/users/{user}.");
        }
        return OperatorViews.From(row, now);
    }

    public async Task<IReadOnlyList<UserView>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var now = Now;
        return [.. (await store.ListUsersAsync(cancellationToken)).Select(u => OperatorViews.From(u, now))];
    }

    public async Task<UserView?> GetUserAsync(string name, CancellationToken cancellationToken = default)
        => await store.GetUserAsync(name, cancellationToken) is { } row ? OperatorViews.From(row, Now) : null;

    /// <summary>Changes what is given (role, scope — an empty <paramref name="setScope"/> with null tags lifts it — password);
    /// null when the user does not exist.</summary>
    public async Task<UserView?> UpdateUserAsync(string name, string? role, bool setScope, IReadOnlyList<string>? scopeTags, string? password,
        CancellationToken cancellationToken = default)
    {
        if (await store.GetUserAsync(name, cancellationToken) is not { } row)
        {
            return null;
        }
        OperatorRoles.TryParse(row.Role, out var current);
        var newRole = role is null ? current : CheckRole(role, "role");
        var scope = setScope ? CheckScope(newRole, scopeTags, "scope.tags")
            : newRole == OperatorRole.Admin ? OperatorScope.All : OperatorScope.FromJson(row.ScopeTags);
        if (newRole != OperatorRole.Admin && current == OperatorRole.Admin)
        {
            await EnsureAnotherAdminAsync(name, cancellationToken);
        }
        var now = Now;
        var updated = new UserRow
        {
            Name = row.Name, Role = newRole.Name(), ScopeTags = scope.ToJson(),
            PasswordHash = password is null ? row.PasswordHash : OperatorSecrets.HashPassword(row.Name, CheckPassword(password, "password")),
            Created = row.Created, Updated = now, LockedUntil = row.LockedUntil,
        };
        if (!await store.UpdateUserAsync(updated, cancellationToken))
        {
            return null;
        }
        if (password is not null)
        {
            // A new password from an admin is also how a lockout is lifted.
            await store.SetPasswordAsync(row.Name, updated.PasswordHash, now, cancellationToken);
            return OperatorViews.From(new UserRow
            {
                Name = updated.Name, Role = updated.Role, ScopeTags = updated.ScopeTags, PasswordHash = updated.PasswordHash, Created = updated.Created, Updated = now,
            }, now);
        }
        return OperatorViews.From(updated, now);
    }

    /// <summary>Deletes a user and ends its sessions; false when it does not exist.</summary>
    /// <exception cref="OperatorConflictException">It is the last admin.</exception>
    public async Task<bool> DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await store.GetUserAsync(name, cancellationToken) is not { } row)
        {
            return false;
        }
        if (row.Role == OperatorRole.Admin.Name())
        {
            await EnsureAnotherAdminAsync(name, cancellationToken);
        }
        return await store.DeleteUserAsync(name, cancellationToken);
    }

    /// <summary>Gives a user a new random password and lifts its lockout (recovery); null when it does not exist.</summary>
    public async Task<string?> ResetPasswordAsync(string name, CancellationToken cancellationToken = default)
    {
        var password = OperatorSecrets.NewPassword();
        return await store.SetPasswordAsync(name, OperatorSecrets.HashPassword(name, password), Now, cancellationToken) ? password : null;
    }

    /// <summary>Creates the <c>admin</c> user with a random password when there is no user at all; returns that password, or
    /// null when users exist (another node, or an earlier start, created them).</summary>
    public async Task<string?> CreateInitialAdminAsync(CancellationToken cancellationToken = default)
    {
        if (await store.CountUsersAsync(cancellationToken) > 0)
        {
            return null;
        }
        var password = OperatorSecrets.NewPassword();
        var now = Now;
        var row = new UserRow
        {
            Name = InitialAdmin, Role = OperatorRole.Admin.Name(), PasswordHash = OperatorSecrets.HashPassword(InitialAdmin, password), Created = now, Updated = now,
        };
        return await store.InsertUserAsync(row, cancellationToken) ? password : null;
    }

    /// <summary>Checks a password; on success opens a session of <c>Acs:Api:SessionMinutes</c>. Ten failures within a minute
    /// lock the user for 15 minutes, during which even the right password is refused.</summary>
    public async Task<LoginResult> LoginAsync(string user, string password, CancellationToken cancellationToken = default)
    {
        var now = Now;
        if (await store.GetUserAsync(user, cancellationToken) is not { } row)
        {
            // The same work as for a real user, so the answer's timing does not tell which names exist.
            OperatorSecrets.VerifyPassword(user, _dummyHash.Value, password);
            return LoginResult.Refused;
        }
        if (row.LockedUntil > now)
        {
            return new LoginResult(null, null, OperatorViews.Time(row.LockedUntil.Value));
        }
        if (!OperatorSecrets.VerifyPassword(row.Name, row.PasswordHash, password))
        {
            var locked = await store.RecordFailureAsync(row.Name, now, cancellationToken);
            return locked is { } until ? new LoginResult(null, null, OperatorViews.Time(until)) : LoginResult.Refused;
        }
        await store.ClearFailuresAsync(row.Name, cancellationToken);
        var token = OperatorSecrets.NewToken();
        var expires = now + (long)options.Api.SessionMinutes * 60_000;
        await store.InsertTokenAsync(new TokenRow
        {
            Id = OperatorSecrets.NewTokenId(), Hash = OperatorSecrets.HashToken(token), Kind = TokenKinds.Session, Name = "login", UserName = row.Name,
            Created = now, Expires = expires,
        }, cancellationToken);
        return new LoginResult(token, OperatorViews.Time(expires), null);
    }

    /// <summary>A user changes its own password, proving the current one; false when the current one is wrong (counted as a
    /// failed login) or the user is locked.</summary>
    /// <exception cref="ConfigValidationException">The new password is too short or too long.</exception>
    public async Task<bool> ChangeOwnPasswordAsync(string user, string currentPassword, string? newPassword, CancellationToken cancellationToken = default)
    {
        var secret = CheckPassword(newPassword, "newPassword");
        var now = Now;
        if (await store.GetUserAsync(user, cancellationToken) is not { } row || row.LockedUntil > now)
        {
            return false;
        }
        if (!OperatorSecrets.VerifyPassword(row.Name, row.PasswordHash, currentPassword))
        {
            await store.RecordFailureAsync(row.Name, now, cancellationToken);
            return false;
        }
        return await store.SetPasswordAsync(row.Name, OperatorSecrets.HashPassword(row.Name, secret), now, cancellationToken);
    }

    /// <summary>Ends a login session; false when <paramref name="tokenId"/> is not a session (an API token is revoked instead).</summary>
    public Task<bool> LogoutAsync(string tokenId, CancellationToken cancellationToken = default) => store.DeleteSessionAsync(tokenId, cancellationToken);

    /// <summary>Who <paramref name="token"/> authenticates, or why it does not (a sentence for the 401 answer).</summary>
    public async Task<(OperatorIdentity? Identity, string? Failure)> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        var row = token.Length is > 0 and <= 512 ? await store.FindTokenAsync(OperatorSecrets.HashToken(token), cancellationToken) : null;
        if (row is null || (row.Kind == TokenKinds.Session && row.UserExists == 0))
        {
            return (null, "The bearer token is not valid: it is unknown, its session ended (logout), or its user was deleted. Log in again with POST /api/auth/login.");
        }
        if (row.Revoked is { } revoked)
        {
            return (null, $"The bearer token {row.Id} was revoked at {OperatorViews.Time(revoked):O}.");
        }
        if (row.Expires is { } expires && expires <= Now)
        {
            return (null, $"The bearer token expired at {OperatorViews.Time(expires):O}; log in again with POST /api/auth/login (or create a new API token).");
        }
        var session = row.Kind == TokenKinds.Session;
        OperatorRoles.TryParse(session ? row.UserRole : row.Role, out var role);
        var scope = role == OperatorRole.Admin ? OperatorScope.All : OperatorScope.FromJson(session ? row.UserScopeTags : row.ScopeTags);
        var actor = session ? row.UserName! : OperatorIdentity.TokenActor(row.Name, row.Id);
        return (new OperatorIdentity(actor, role, scope, row.Id, session), null);
    }

    /// <summary>Creates an API token; the token is in the answer only.</summary>
    public async Task<CreatedToken> CreateTokenAsync(string? name, string? role, IReadOnlyList<string>? scopeTags, DateTimeOffset? expiresAt,
        string? createdBy, CancellationToken cancellationToken = default)
    {
        var label = name?.Trim();
        if (string.IsNullOrEmpty(label) || label.Length > 100 || label.Any(char.IsControl))
        {
            throw new ConfigValidationException("name", "'name' is required: 1 to 100 printable characters saying what the token is for, e.g. \"oss\".");
        }
        var parsedRole = CheckRole(role, "role");
        var scope = CheckScope(parsedRole, scopeTags, "scope.tags");
        var now = Now;
        long? expires = expiresAt?.ToUnixTimeMilliseconds();
        if (expires is { } e && (e <= now || e - now > MaxTokenLifetimeMs))
        {
            throw new ConfigValidationException("expiresAt", $"'expiresAt' must be in the future and within ten years, got {expiresAt:O}.");
        }
        var token = OperatorSecrets.NewToken();
        var row = new TokenRow
        {
            Id = OperatorSecrets.NewTokenId(), Hash = OperatorSecrets.HashToken(token), Kind = TokenKinds.Api, Name = label, UserName = createdBy,
            Role = parsedRole.Name(), ScopeTags = scope.ToJson(), Created = now, Expires = expires,
        };
        await store.InsertTokenAsync(row, cancellationToken);
        return new CreatedToken(token, OperatorViews.From(row));
    }

    public async Task<IReadOnlyList<TokenView>> ListTokensAsync(CancellationToken cancellationToken = default)
        => [.. (await store.ListApiTokensAsync(cancellationToken)).Select(OperatorViews.From)];

    /// <summary>Revokes an API token: refused from the next request on, on every node. False when unknown or revoked already.</summary>
    public Task<bool> RevokeTokenAsync(string id, CancellationToken cancellationToken = default) => store.RevokeApiTokenAsync(id.Trim().ToLowerInvariant(), Now, cancellationToken);

    /// <summary>Deletes login sessions that expired a day ago or more.</summary>
    public Task<int> DeleteExpiredSessionsAsync(CancellationToken cancellationToken = default) => store.DeleteExpiredSessionsAsync(Now - 24 * 3600_000L, cancellationToken);

    /// <summary>A user name: 1 to 64 of letters, digits, '.', '_', '-', starting with a letter or digit.</summary>
    public static string CheckName(string? name, string field)
    {
        var trimmed = name?.Trim() ?? "";
        return NamePattern().IsMatch(trimmed)
            ? trimmed
            : throw new ConfigValidationException(field, $"'{field}' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got '{Printable(name)}'.");
    }

    private static OperatorRole CheckRole(string? role, string field)
        => OperatorRoles.TryParse(role, out var parsed)
            ? parsed
            : throw new ConfigValidationException(field, $"'{field}' must be admin, operator or viewer; got '{Printable(role)}'.");

    private static OperatorScope CheckScope(OperatorRole role, IReadOnlyList<string>? tags, string field)
    {
        if (tags is null)
        {
            return OperatorScope.All;
        }
        if (role == OperatorRole.Admin)
        {
            throw new ConfigValidationException(field, "An admin is never limited to device tags; give a scope to operator or viewer only.");
        }
        if (tags.Count == 0)
        {
            throw new ConfigValidationException(field, $"'{field}' must name at least one tag; leave the scope out for every device.");
        }
        var checkedTags = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            checkedTags.Add(ConfigService.CheckTag(tags[i] ?? "", $"{field}[{i}]"));
        }
        return new OperatorScope([.. checkedTags]);
    }

    private static string CheckPassword(string? password, string field)
        => password is { Length: >= OperatorSecrets.MinPasswordLength and <= 1024 }
            ? password
            : throw new ConfigValidationException(field, $"'{field}' must be {OperatorSecrets.MinPasswordLength} to 1024 characters.");

    private async Task EnsureAnotherAdminAsync(string name, CancellationToken cancellationToken)
    {
        var admins = (await store.ListUsersAsync(cancellationToken)).Count(u => u.Role == OperatorRole.Admin.Name() && u.Name != name);
        if (admins == 0)
        {
            throw new OperatorConflictException($"'{name}' is the last admin; create another admin first, or nobody could manage users any more.");
        }
    }

    private static string Printable(string? text) => text is null ? "" : new string([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    private static readonly Lazy<string> _dummyHash = new(() => OperatorSecrets.HashPassword("", OperatorSecrets.NewPassword()));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}

/// <summary>The request conflicts with what is stored (a name taken, the last admin); the message says what to do.</summary>
internal sealed class OperatorConflictException(string message) : Exception(message);
