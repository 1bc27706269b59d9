using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace TR069Acs.Server.Storage;

/// <summary>SQLite (Microsoft.Data.Sqlite): WAL journal, synchronous=NORMAL, a busy timeout, UPSERT and RETURNING (3.35+).</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    /// <inheritdoc />
    public string Provider => "sqlite";

    /// <inheritdoc />
    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    /// <inheritdoc />
    public async Task InitializeConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // synchronous=NORMAL is durable across application crashes in WAL mode (only an OS crash can lose the last
        // commits); busy_timeout lets the write-behind writer and task writes queue for the single write lock.
        // The busy timeout is 10 s, or the connection string's shorter "Default Timeout" (tests use 1 s).
        var busyMs = connection is SqliteConnection { DefaultTimeout: > 0 and < 10 } sqlite ? sqlite.DefaultTimeout * 1000 : 10_000;
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={busyMs}; PRAGMA foreign_keys=OFF;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (connection is SqliteConnection { Handle: { } handle })
        {
            // SQL Server's 2,100-parameter limit, here too: a statement that binds more fails in the always-run tests
            // instead of on a carrier's SQL Server (SqlLists).
            SQLitePCL.raw.sqlite3_limit(handle, SQLitePCL.raw.SQLITE_LIMIT_VARIABLE_NUMBER, SqlLists.MaxParameters);
        }
    }

    /// <inheritdoc />
    public async Task InitializeDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the database file: readers (the API) never block the writer (sessions).
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <inheritdoc />
    public string Paging => " LIMIT @Limit OFFSET @Offset";

    /// <inheritdoc />
    public string InsertTask => """
        INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires, command_key)
        VALUES (@DeviceId, @Type, @Payload, 'queued', 0, @Created, @Expires, @CommandKey)
        RETURNING id
        """;

    /// <inheritdoc />
    public string InsertFault => """
        INSERT INTO faults (device_id, task_id, code, message, detail, created)
        VALUES (@DeviceId, @TaskId, @Code, @Message, @Detail, @Created)
        RETURNING id
        """;

    /// <inheritdoc />
    public string UpsertDeviceFromInform => """
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
            last_inform = MAX(devices.last_inform, excluded.last_inform)
        """;

    /// <inheritdoc />
    public string UpsertParameterValue => """
        INSERT INTO device_parameters (device_id, name, value, type, updated)
        VALUES (@DeviceId, @Name, @Value, @Type, @Updated)
        ON CONFLICT (device_id, name) DO UPDATE SET
            value = excluded.value, type = excluded.type, updated = excluded.updated
        WHERE excluded.updated >= device_parameters.updated
        """;

    /// <inheritdoc />
    public string UpsertParameterWritable => """
        INSERT INTO device_parameters (device_id, name, writable, updated)
        VALUES (@DeviceId, @Name, @Writable, @Updated)
        ON CONFLICT (device_id, name) DO UPDATE SET writable = excluded.writable
        """;

    /// <inheritdoc />
    public string UpsertParameterAttributes => """
        INSERT INTO device_parameters (device_id, name, notification, access_list, updated)
        VALUES (@DeviceId, @Name, @Notification, @AccessList, @Updated)
        ON CONFLICT (device_id, name) DO UPDATE SET
            notification = COALESCE(excluded.notification, device_parameters.notification),
            access_list = COALESCE(excluded.access_list, device_parameters.access_list)
        """;

    /// <inheritdoc />
    public string UpsertConnectionRequestCredentials => """
        INSERT INTO connection_request_credentials (device_id, username, password, updated)
        VALUES (@DeviceId, @Username, @Password, @Now)
        ON CONFLICT (device_id) DO UPDATE SET
            username = COALESCE(excluded.username, connection_request_credentials.username),
            password = COALESCE(excluded.password, connection_request_credentials.password),
            updated = excluded.updated
        """;

    /// <inheritdoc />
    public string CreateMigrationsTable
        => "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)";

    /// <inheritdoc />
    public string TakeLease => """
        INSERT INTO leases (device_id, node, expires) VALUES (@DeviceId, @Node, @Expires)
        ON CONFLICT (device_id) DO UPDATE SET node = excluded.node, expires = excluded.expires
        WHERE leases.node = excluded.node OR leases.expires < @Now
        """;
}
