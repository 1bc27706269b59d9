namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Insert-or-update of a device from an Inform: identity and telemetry; first_seen only on insert.</summary>
    public virtual string UpsertDeviceFromInform => $"""
        INSERT INTO devices (id, oui, product_class, serial_number, manufacturer, software_version, hardware_version,
                             mac_address, connection_request_url, remote_address, cwmp_version, last_events, first_seen, last_inform)
        VALUES (@Id, @Oui, @ProductClass, @SerialNumber, @Manufacturer, @SoftwareVersion, @HardwareVersion,
                @MacAddress, @ConnectionRequestUrl, @RemoteAddress, @CwmpVersion, @LastEvents, @Time, @Time)
        ON CONFLICT (id) DO UPDATE SET
            manufacturer = excluded.manufacturer,
            software_version = COALESCE(excluded.software_version, devices.software_version),
            hardware_version = COALESCE(excluded.hardware_version, devices.hardware_version),
            mac_address = COALESCE(excluded.mac_address, devices.mac_address),
            connection_request_url = COALESCE(excluded.connection_request_url, devices.connection_request_url),
            remote_address = excluded.remote_address,
            cwmp_version = excluded.cwmp_version,
            last_events = excluded.last_events,
            last_inform = {Greatest("devices.last_inform", "excluded.last_inform")}
        """;

    /// <summary>Insert of a pre-registered device (last_inform 0: never informed) that changes nothing when the id
    /// exists; affects one row when inserted.</summary>
    public virtual string InsertPreRegisteredDevice => """
        INSERT INTO devices (id, oui, product_class, serial_number, manufacturer, mac_address, first_seen, last_inform)
        VALUES (@Id, @Oui, @ProductClass, @SerialNumber, @Manufacturer, @MacAddress, @Now, 0)
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Insert-or-update of a parameter value (name, value, type, updated) that never overwrites a newer write.</summary>
    public virtual string UpsertParameterValue => """
        INSERT INTO device_parameters (device_id, name, value, type, updated)
        VALUES (@DeviceId, @Name, @Value, @Type, @Updated)
        ON CONFLICT (device_id, name) DO UPDATE SET
            value = excluded.value, type = excluded.type, updated = excluded.updated
        WHERE excluded.updated >= device_parameters.updated
        """;

    /// <summary>Insert-or-update of a parameter's writability from GetParameterNames.</summary>
    public virtual string UpsertParameterWritable => """
        INSERT INTO device_parameters (device_id, name, writable, updated)
        VALUES (@DeviceId, @Name, @Writable, @Updated)
        ON CONFLICT (device_id, name) DO UPDATE SET writable = excluded.writable
        """;

    /// <summary>Insert-or-update of a parameter's notification and access list.</summary>
    public virtual string UpsertParameterAttributes => """
        INSERT INTO device_parameters (device_id, name, notification, access_list, updated)
        VALUES (@DeviceId, @Name, @Notification, @AccessList, @Updated)
        ON CONFLICT (device_id, name) DO UPDATE SET
            notification = COALESCE(excluded.notification, device_parameters.notification),
            access_list = COALESCE(excluded.access_list, device_parameters.access_list)
        """;

    /// <summary>Insert-or-update of a device's Connection Request credentials; a NULL member keeps the stored one.</summary>
    public virtual string UpsertConnectionRequestCredentials => """
        INSERT INTO connection_request_credentials (device_id, username, password, updated)
        VALUES (@DeviceId, @Username, @Password, @Now)
        ON CONFLICT (device_id) DO UPDATE SET
            username = COALESCE(excluded.username, connection_request_credentials.username),
            password = COALESCE(excluded.password, connection_request_credentials.password),
            updated = excluded.updated
        """;
}
