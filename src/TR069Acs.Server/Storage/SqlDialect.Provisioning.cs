namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Inserts one activation code and yields its generated id.</summary>
    public virtual string InsertActivationCode => """
        INSERT INTO activation_codes (code_hash, prefix, tag, account, scope_kind, scope_key, profile_rule, created, expires)
        VALUES (@CodeHash, @Prefix, @Tag, @Account, @ScopeKind, @ScopeKey, @ProfileRule, @Created, @Expires)
        RETURNING id
        """;

    /// <summary>Turns secure provisioning on for a device; changes nothing (no row affected) when it is on already.</summary>
    public virtual string InsertSecureProvisioningIfAbsent => """
        INSERT INTO secure_provisioning (device_id, directory, key_text, generation, created)
        VALUES (@DeviceId, @Directory, @Key, 1, @Now)
        ON CONFLICT (device_id) DO NOTHING
        """;
}
