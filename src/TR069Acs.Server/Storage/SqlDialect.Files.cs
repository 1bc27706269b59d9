namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Insert-or-replace of a device's last profile request.</summary>
    public virtual string UpsertProfileFetch => """
        INSERT INTO profile_fetches (device_id, fetched, method, file_name, remote_address, user_agent, software_version, status_body)
        VALUES (@DeviceId, @Fetched, @Method, @FileName, @RemoteAddress, @UserAgent, @SoftwareVersion, @StatusBody)
        ON CONFLICT (device_id) DO UPDATE SET
            fetched = excluded.fetched, method = excluded.method, file_name = excluded.file_name,
            remote_address = excluded.remote_address, user_agent = excluded.user_agent,
            software_version = excluded.software_version, status_body = excluded.status_body
        """;

    /// <summary>Inserts a firmware image record; changes nothing when its id (the SHA-256) is stored already.</summary>
    public virtual string InsertFirmwareImageIfAbsent => """
        INSERT INTO firmware_images (id, size, version, models, file_name, signed, created)
        VALUES (@Id, @Size, @Version, @Models, @FileName, @Signed, @Created)
        ON CONFLICT (id) DO NOTHING
        """;
}
