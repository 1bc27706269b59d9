namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Binds a device seen for the first time to fresh credentials; changes nothing when it has some.</summary>
    public virtual string InsertCpeCredentialsIfAbsent => """
        INSERT INTO cpe_credentials (device_id, username, password, next_password, cr_username, cr_password, next_cr_password,
                                     bootstrap, push, pre_registered, created, updated)
        VALUES (@DeviceId, @DeviceId, NULL, @Next, @CrUsername, NULL, @NextCr, 1, 1, 0, @Now, @Now)
        ON CONFLICT (device_id) DO NOTHING
        """;

    /// <summary>Pre-registers a device's credentials, replacing what it had.</summary>
    public virtual string UpsertPreRegisteredCpeCredentials => """
        INSERT INTO cpe_credentials (device_id, username, password, next_password, cr_username, cr_password, next_cr_password,
                                     bootstrap, push, pre_registered, created, updated)
        VALUES (@DeviceId, @Username, @Password, @Password, @CrUsername, NULL, @NextCr, @Bootstrap, 1, 1, @Now, @Now)
        ON CONFLICT (device_id) DO UPDATE SET username = excluded.username, password = excluded.password,
            next_password = excluded.next_password, cr_username = excluded.cr_username, next_cr_password = excluded.next_cr_password,
            bootstrap = excluded.bootstrap, push = 1, pre_registered = 1, updated = excluded.updated
        """;

    /// <summary>Makes the pair sent (@Next, @NextCr, either possibly NULL) the only valid one, provided it is still the
    /// pending pair.</summary>
    public virtual string AcceptCpeCredentials => $"""
        UPDATE cpe_credentials
        SET password = COALESCE(next_password, password), next_password = NULL,
            cr_password = COALESCE(next_cr_password, cr_password), next_cr_password = NULL,
            bootstrap = 0, push = 0, updated = @Now
        WHERE device_id = @DeviceId AND {NullSafeEquals("next_password", "@Next")} AND {NullSafeEquals("next_cr_password", "@NextCr")}
        """;
}
