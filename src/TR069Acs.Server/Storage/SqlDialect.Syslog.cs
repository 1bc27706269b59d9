namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Merges a <see cref="Syslog.DeviceStatusChange"/> into <c>device_status</c> (its documented rules:
    /// right-hand sides see the stored row).</summary>
    public virtual string UpsertDeviceStatus => $"""
        INSERT INTO device_status (device_id, resync_at, resync_result, resync_url, resync_error, upgrade_at, upgrade_result,
            upgrade_url, upgrade_version, upgrade_error, error_at, error, last_message_at)
        VALUES (@DeviceId, @ResyncAt, @ResyncResult, @ResyncUrl, @ResyncError, @UpgradeAt, @UpgradeResult,
            @UpgradeUrl, @UpgradeVersion, @UpgradeError, @ErrorAt, @Error, @LastMessageAt)
        ON CONFLICT (device_id) DO UPDATE SET
            resync_result = CASE WHEN excluded.resync_at IS NULL THEN device_status.resync_result ELSE excluded.resync_result END,
            resync_error = CASE WHEN excluded.resync_at IS NULL THEN device_status.resync_error ELSE excluded.resync_error END,
            resync_url = COALESCE(excluded.resync_url, device_status.resync_url),
            resync_at = COALESCE(excluded.resync_at, device_status.resync_at),
            upgrade_result = CASE WHEN excluded.upgrade_at IS NULL THEN device_status.upgrade_result ELSE excluded.upgrade_result END,
            upgrade_error = CASE WHEN excluded.upgrade_at IS NULL THEN device_status.upgrade_error ELSE excluded.upgrade_error END,
            upgrade_version = CASE WHEN excluded.upgrade_url IS NULL THEN device_status.upgrade_version ELSE excluded.upgrade_version END,
            upgrade_url = COALESCE(excluded.upgrade_url, device_status.upgrade_url),
            upgrade_at = COALESCE(excluded.upgrade_at, device_status.upgrade_at),
            error = CASE WHEN excluded.error_at IS NULL THEN device_status.error ELSE excluded.error END,
            error_at = COALESCE(excluded.error_at, device_status.error_at),
            last_message_at = {Greatest("excluded.last_message_at", "device_status.last_message_at")}
        """;

    /// <summary>Deletes at most @Chunk messages received before @Cutoff.</summary>
    public virtual string DeleteSyslogChunk
        => $"DELETE FROM syslog_messages WHERE id IN ({Limit("SELECT id FROM syslog_messages WHERE received < @Cutoff", "@Chunk")})";
}
