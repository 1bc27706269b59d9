namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Insert-or-update of one layered configuration value.</summary>
    public virtual string UpsertConfigValue => """
        INSERT INTO config_values (scope_kind, scope_key, name, value, updated) VALUES (@Kind, @Key, @Name, @Value, @Now)
        ON CONFLICT (scope_kind, scope_key, name) DO UPDATE SET value = excluded.value, updated = excluded.updated
        """;

    /// <summary>Insert-or-update of what is known of one value on a phone; a row keeps its latest confirmation time.</summary>
    public virtual string UpsertPhoneConfigState => """
        INSERT INTO device_config_state (device_id, name, value, origin, drifted, seen, confirmed)
        VALUES (@DeviceId, @Name, @Value, @Origin, @Drifted, @Seen, @Confirmed)
        ON CONFLICT (device_id, name) DO UPDATE SET value = excluded.value, origin = excluded.origin, drifted = excluded.drifted,
            seen = excluded.seen,
            confirmed = CASE WHEN excluded.confirmed > device_config_state.confirmed THEN excluded.confirmed ELSE device_config_state.confirmed END
        """;

    /// <summary>Insert-or-update of when a device's desired state was last reconciled.</summary>
    public virtual string UpsertReconciled => """
        INSERT INTO device_config_reconciled (device_id, reconciled) VALUES (@DeviceId, @Now)
        ON CONFLICT (device_id) DO UPDATE SET reconciled = excluded.reconciled
        """;
}
