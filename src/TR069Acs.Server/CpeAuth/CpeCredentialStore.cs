using System.Security.Cryptography;
using Dapper;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.CpeAuth;

/// <summary>The <c>cpe_credentials</c> table: each device's own CWMP and Connection Request credentials, passwords
/// protected at rest by <see cref="SecretProtector"/>. The one owner of that table.</summary>
internal sealed class CpeCredentialStore(AcsDatabase database, SecretProtector secrets, TimeProvider time)
{
    private const string Columns = """
        device_id, username, password, next_password, cr_username, cr_password, next_cr_password, bootstrap, push, pre_registered, updated, readmit_until
        """;

    /// <summary>A random secret of 128 bits (22 URL-safe characters, no padding).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task<CpeCredentials?> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM cpe_credentials WHERE device_id = @DeviceId", new { DeviceId = deviceId }, cancellationToken: cancellationToken));
        return row is null ? null : Decode(row);
    }

    /// <summary>The device whose credentials use <paramref name="username"/>, if any (to tell "another device's credentials" apart).</summary>
    public async Task<CpeCredentials?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM cpe_credentials WHERE username = @Username", new { Username = username }, cancellationToken: cancellationToken));
        return row is null ? null : Decode(row);
    }

    /// <summary>Binds a device seen for the first time: fresh credentials to be set on it in this session; until it accepts
    /// them the way it was admitted (bootstrap credential or open admission) still works. Returns the stored row; when
    /// another session bound it meanwhile, that binding wins.</summary>
    public async Task<CpeCredentials> BindNewAsync(string deviceId, string crUsername, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Dialect.InsertCpeCredentialsIfAbsent, new { DeviceId = deviceId, Next = secrets.Protect(NewSecret()), CrUsername = crUsername, NextCr = secrets.Protect(NewSecret()), Now = now },
            cancellationToken: cancellationToken));
        return (await GetAsync(deviceId, cancellationToken))!;
    }

    /// <summary>Pre-registration with credentials of the device's own, set on it in its first session together with a
    /// generated Connection Request password. <paramref name="given"/>: the operator configured them on the phone out of
    /// band, so only they open it; otherwise (generated) the admission policy's bootstrap credential still opens it until
    /// it has accepted them.</summary>
    public async Task PreRegisterAsync(string deviceId, string username, string password, string crUsername, bool given, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var stored = secrets.Protect(password);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Dialect.UpsertPreRegisteredCpeCredentials, new
            {
                DeviceId = deviceId, Username = username, Password = stored, CrUsername = crUsername, NextCr = secrets.Protect(NewSecret()),
                Bootstrap = given ? 0 : 1, Now = now,
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Rotation: a new pair is queued for the device's next session; the current one stays valid until it has
    /// accepted the new one. False when the device has no credentials yet.</summary>
    public async Task<bool> RotateAsync(string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE cpe_credentials SET next_password = @Next, next_cr_password = @NextCr, push = 1, updated = @Now WHERE device_id = @DeviceId
            """, new { DeviceId = deviceId, Next = secrets.Protect(NewSecret()), NextCr = secrets.Protect(NewSecret()), Now = now },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Opens the device's re-admission window until <paramref name="until"/> (after a factory reset): within it one
    /// Inform with <c>0 BOOTSTRAP</c> and the bootstrap credential is let in (<see cref="ReadmitAsync"/>). False when the
    /// device has no credentials (then its admission policy applies anyway).</summary>
    public async Task<bool> OpenReadmitAsync(string deviceId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE cpe_credentials SET readmit_until = @Until, updated = @Now WHERE device_id = @DeviceId
            """, new { DeviceId = deviceId, Until = until.ToUnixTimeMilliseconds(), Now = now },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Uses the device's re-admission window, atomically (only one session can): the window closes, the
    /// credentials it held are forgotten and fresh ones are queued for this session, exactly as in its first session —
    /// until the phone accepts them the bootstrap credential still opens it, so a lost answer does not lock it out again.
    /// Null when there is no open window (none, expired, or just used by another session).</summary>
    public async Task<CpeCredentials?> ReadmitAsync(string deviceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE cpe_credentials
            SET password = NULL, next_password = @Next, cr_password = NULL, next_cr_password = @NextCr,
                bootstrap = 1, push = 1, readmit_until = NULL, updated = @Now
            WHERE device_id = @DeviceId AND readmit_until > @Now
            """, new { DeviceId = deviceId, Next = secrets.Protect(NewSecret()), NextCr = secrets.Protect(NewSecret()), Now = now },
            cancellationToken: cancellationToken));
        return changed > 0 ? await GetAsync(deviceId, cancellationToken) : null;
    }

    /// <summary>The device accepted the pair it was sent (SetParameterValuesResponse status 0 or 1): it becomes the only
    /// valid one. A pair rotated again meanwhile is not touched (it is sent in the next session).</summary>
    public async Task<bool> AcceptAsync(CpeCredentials sent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Dialect.AcceptCpeCredentials, new { sent.DeviceId, Next = sent.StoredNextPassword, NextCr = sent.StoredNextCrPassword, Now = now },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The Connection Request credentials the device holds (or is being given) and when they last changed.</summary>
    public async Task<(string? Username, string? Password, long Updated)?> GetConnectionRequestAsync(string deviceId, CancellationToken cancellationToken)
        => await GetAsync(deviceId, cancellationToken) is { } c ? (c.CrUsername, c.CrPassword ?? c.NextCrPassword, c.Updated) : null;

    private CpeCredentials Decode(Row r) => new(
        r.DeviceId, r.Username, secrets.Unprotect(r.Password), secrets.Unprotect(r.NextPassword), r.CrUsername,
        secrets.Unprotect(r.CrPassword), secrets.Unprotect(r.NextCrPassword), r.Bootstrap != 0, r.Push != 0, r.PreRegistered != 0, r.Updated)
    {
        ReadmitUntil = r.ReadmitUntil,
        StoredNextPassword = r.NextPassword,
        StoredNextCrPassword = r.NextCrPassword,
    };

    private sealed class Row
    {
        public string DeviceId { get; init; } = "";
        public string Username { get; init; } = "";
        public string? Password { get; init; }
        public string? NextPassword { get; init; }
        public string? CrUsername { get; init; }
        public string? CrPassword { get; init; }
        public string? NextCrPassword { get; init; }
        public long Bootstrap { get; init; }
        public long Push { get; init; }
        public long PreRegistered { get; init; }
        public long Updated { get; init; }
        public long? ReadmitUntil { get; init; }
    }
}

/// <summary>A device's CWMP credentials, decrypted.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Username">Its CWMP user name (ManagementServer.Username).</param>
/// <param name="Password">The password it is known to hold; null until it accepted one.</param>
/// <param name="NextPassword">The password being set on it; valid too until it has accepted it.</param>
/// <param name="CrUsername">Its Connection Request user name.</param>
/// <param name="CrPassword">The Connection Request password it holds.</param>
/// <param name="NextCrPassword">The Connection Request password being set on it.</param>
/// <param name="Bootstrap">True while it never accepted credentials of its own (its admission still opens it).</param>
/// <param name="Push">True while <paramref name="NextPassword"/> must be sent to it.</param>
/// <param name="PreRegistered">True when pre-registered through the API.</param>
/// <param name="Updated">Unix ms of the last change.</param>
internal sealed record CpeCredentials(
    string DeviceId, string Username, string? Password, string? NextPassword, string? CrUsername, string? CrPassword,
    string? NextCrPassword, bool Bootstrap, bool Push, bool PreRegistered, long Updated)
{
    /// <summary>next_password as stored (to accept exactly what was sent).</summary>
    public string? StoredNextPassword { get; init; }

    /// <summary>next_cr_password as stored.</summary>
    public string? StoredNextCrPassword { get; init; }

    /// <summary>Unix ms until which a re-admission window is open (after a factory reset), or null.</summary>
    public long? ReadmitUntil { get; init; }
}
