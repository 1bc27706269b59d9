using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace TR069Acs.Server.Storage;

/// <summary>SQL Server 2019+ (Microsoft.Data.SqlClient). Upserts are single <c>MERGE … WITH (HOLDLOCK)</c> statements,
/// which take a key-range lock on the row that is not there yet so two nodes inserting one key serialise instead of one
/// failing on the primary key; generated keys come from <c>OUTPUT INSERTED.id</c>; paging is
/// <c>OFFSET … FETCH NEXT …</c>; the database's clock is <c>SYSUTCDATETIME()</c>.</summary>
/// <remarks>Every character column is <c>Latin1_General_100_BIN2</c> (see schemas/db/sqlserver/001_initial.sql), so
/// comparisons here are exact and case-sensitive whatever the database's default collation.</remarks>
internal sealed class SqlServerDialect : ISqlDialect
{
    /// <summary>Unix milliseconds now, by the database's clock (UTC). DATEDIFF_BIG: SQL Server 2016+.</summary>
    public const string UnixMillisecondsNow = "DATEDIFF_BIG(MILLISECOND, CAST('1970-01-01T00:00:00' AS DATETIME2(7)), SYSUTCDATETIME())";

    /// <summary>Name of the application lock that serialises migrations across nodes (<c>sp_getapplock</c>).</summary>
    public const string MigrationLockName = "TR069Acs.migrations";

    /// <inheritdoc />
    public string Provider => "sqlserver";

    /// <inheritdoc />
    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    /// <inheritdoc />
    public async Task InitializeConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // XACT_ABORT: any error rolls the whole transaction back (never half a multi-statement write). The connection pool
        // resets a connection between uses, so this is set on every open.
        await using var command = connection.CreateCommand();
        command.CommandText = "SET XACT_ABORT ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task InitializeDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
        // Database options (READ_COMMITTED_SNAPSHOT) need exclusive access: the operator sets them once (NOTES).
        => Task.CompletedTask;

    /// <inheritdoc />
    public string Paging => " OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY";

    /// <inheritdoc />
    public string InsertTask => """
        INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires, command_key)
        OUTPUT INSERTED.id
        VALUES (@DeviceId, @Type, @Payload, 'queued', 0, @Created, @Expires, @CommandKey)
        """;

    /// <inheritdoc />
    public string InsertFault => """
        INSERT INTO faults (device_id, task_id, code, message, detail, created)
        OUTPUT INSERTED.id
        VALUES (@DeviceId, @TaskId, @Code, @Message, @Detail, @Created)
        """;

    /// <inheritdoc />
    public string UpsertDeviceFromInform => """
        MERGE devices WITH (HOLDLOCK) AS d
        USING (SELECT @Id AS id) AS s ON d.id = s.id
        WHEN MATCHED THEN UPDATE SET
            manufacturer = @Manufacturer,
            software_version = COALESCE(@SoftwareVersion, d.software_version),
            hardware_version = COALESCE(@HardwareVersion, d.hardware_version),
            mac_address = COALESCE(@MacAddress, d.mac_address),
            connection_request_url = COALESCE(@ConnectionRequestUrl, d.connection_request_url),
            remote_address = @RemoteAddress,
            cwmp_version = @CwmpVersion,
            last_events = @LastEvents,
            last_inform = CASE WHEN d.last_inform > @Time THEN d.last_inform ELSE @Time END
        WHEN NOT MATCHED THEN
            INSERT (id, oui, product_class, serial_number, manufacturer, software_version, hardware_version,
                    mac_address, connection_request_url, remote_address, cwmp_version, last_events, first_seen, last_inform)
            VALUES (@Id, @Oui, @ProductClass, @SerialNumber, @Manufacturer, @SoftwareVersion, @HardwareVersion,
                    @MacAddress, @ConnectionRequestUrl, @RemoteAddress, @CwmpVersion, @LastEvents, @Time, @Time);
        """;

    /// <inheritdoc />
    public string UpsertParameterValue => """
        MERGE device_parameters WITH (HOLDLOCK) AS p
        USING (SELECT @DeviceId AS device_id, @Name AS name) AS s ON p.device_id = s.device_id AND p.name = s.name
        WHEN MATCHED AND @Updated >= p.updated THEN
            UPDATE SET value = @Value, type = @Type, updated = @Updated
        WHEN NOT MATCHED THEN
            INSERT (device_id, name, value, type, updated) VALUES (@DeviceId, @Name, @Value, @Type, @Updated);
        """;

    /// <inheritdoc />
    public string UpsertParameterWritable => """
        MERGE device_parameters WITH (HOLDLOCK) AS p
        USING (SELECT @DeviceId AS device_id, @Name AS name) AS s ON p.device_id = s.device_id AND p.name = s.name
        WHEN MATCHED THEN UPDATE SET writable = @Writable
        WHEN NOT MATCHED THEN
            INSERT (device_id, name, writable, updated) VALUES (@DeviceId, @Name, @Writable, @Updated);
        """;

    /// <inheritdoc />
    public string UpsertParameterAttributes => """
        MERGE device_parameters WITH (HOLDLOCK) AS p
        USING (SELECT @DeviceId AS device_id, @Name AS name) AS s ON p.device_id = s.device_id AND p.name = s.name
        WHEN MATCHED THEN UPDATE SET
            notification = COALESCE(@Notification, p.notification),
            access_list = COALESCE(@AccessList, p.access_list)
        WHEN NOT MATCHED THEN
            INSERT (device_id, name, notification, access_list, updated) VALUES (@DeviceId, @Name, @Notification, @AccessList, @Updated);
        """;

    /// <inheritdoc />
    public string UpsertConnectionRequestCredentials => """
        MERGE connection_request_credentials WITH (HOLDLOCK) AS c
        USING (SELECT @DeviceId AS device_id) AS s ON c.device_id = s.device_id
        WHEN MATCHED THEN UPDATE SET
            username = COALESCE(@Username, c.username),
            password = COALESCE(@Password, c.password),
            updated = @Now
        WHEN NOT MATCHED THEN
            INSERT (device_id, username, password, updated) VALUES (@DeviceId, @Username, @Password, @Now);
        """;

    /// <inheritdoc />
    public string CreateMigrationsTable => """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
            CREATE TABLE schema_migrations (
                version INT NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
                name    NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
                applied BIGINT NOT NULL)
        """;

    /// <inheritdoc />
    public string TakeLease => """
        MERGE leases WITH (HOLDLOCK) AS l
        USING (SELECT @DeviceId AS device_id) AS s ON l.device_id = s.device_id
        WHEN MATCHED AND (l.node = @Node OR l.expires < @Now) THEN
            UPDATE SET node = @Node, expires = @Expires
        WHEN NOT MATCHED THEN
            INSERT (device_id, node, expires) VALUES (@DeviceId, @Node, @Expires);
        """;

    /// <summary>Takes the migration lock for the session (released when the connection closes or by
    /// <see cref="ReleaseMigrationLock"/>): nodes starting together apply each migration once. Waits up to 60 s;
    /// a negative return code (timeout, deadlock victim) fails the batch with a message naming the lock.</summary>
    public static string TakeMigrationLock => $"""
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = N'{MigrationLockName}', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 60000;
        IF @result < 0 THROW 50001, N'Timed out after 60 s waiting for the migration lock {MigrationLockName} (another node is migrating).', 1;
        """;

    /// <summary>Releases the lock taken by <see cref="TakeMigrationLock"/>.</summary>
    public static string ReleaseMigrationLock
        => $"EXEC sp_releaseapplock @Resource = N'{MigrationLockName}', @LockOwner = N'Session';";
}
