using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;

namespace TR069Acs.Server.Storage;

/// <summary>SQL Server 2019+ (Microsoft.Data.SqlClient). Upserts are single <c>MERGE … WITH (HOLDLOCK)</c> statements,
/// which take a key-range lock on the row that is not there yet so two nodes inserting one key serialise instead of one
/// failing on the primary key; generated keys come from <c>OUTPUT INSERTED.id</c>; paging is
/// <c>OFFSET … FETCH NEXT …</c>; the database's clock is <c>SYSUTCDATETIME()</c>.</summary>
/// <remarks>Every character column is <c>Latin1_General_100_BIN2</c> (see schemas/db/sqlserver/001_initial.sql), so
/// comparisons here are exact and case-sensitive whatever the database's default collation.</remarks>
internal sealed class SqlServerDialect : SqlDialect
{
    /// <summary>Unix milliseconds now, by the database's clock (UTC). DATEDIFF_BIG: SQL Server 2016+.</summary>
    public const string UnixMillisecondsNow = "DATEDIFF_BIG(MILLISECOND, CAST('1970-01-01T00:00:00' AS DATETIME2(7)), SYSUTCDATETIME())";

    /// <summary>Name of the application lock that serialises migrations across nodes (<c>sp_getapplock</c>).</summary>
    public const string MigrationLockName = "TR069Acs.migrations";

    /// <inheritdoc />
    public override string Provider => "sqlserver";

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    /// <inheritdoc />
    public override async Task InitializeConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // XACT_ABORT: any error rolls the whole transaction back (never half a multi-statement write). The connection pool
        // resets a connection between uses, so this is set on every open.
        await using var command = connection.CreateCommand();
        command.CommandText = "SET XACT_ABORT ON;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task InitializeDatabaseAsync(DbConnection connection, CancellationToken cancellationToken)
        // Database options (READ_COMMITTED_SNAPSHOT) need exclusive access: the operator sets them once (NOTES).
        => Task.CompletedTask;

    /// <inheritdoc />
    public override string Paging => " OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY";

    /// <inheritdoc />
    public override string InsertTask => $"""
        INSERT INTO tasks (device_id, type, payload, status, attempts, created, expires, command_key)
        OUTPUT INSERTED.id
        VALUES (@DeviceId, @Type, @Payload, 'queued', 0, {TaskCreated}, {TaskExpires}, @CommandKey)
        """;

    /// <inheritdoc />
    public override string InsertFault => """
        INSERT INTO faults (device_id, task_id, code, message, detail, created)
        OUTPUT INSERTED.id
        VALUES (@DeviceId, @TaskId, @Code, @Message, @Detail, @Created)
        """;

    /// <inheritdoc />
    public override string UpsertDeviceFromInform => """
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
    public override string UpsertParameterValue => """
        MERGE device_parameters WITH (HOLDLOCK) AS p
        USING (SELECT @DeviceId AS device_id, @Name AS name) AS s ON p.device_id = s.device_id AND p.name = s.name
        WHEN MATCHED AND @Updated >= p.updated THEN
            UPDATE SET value = @Value, type = @Type, updated = @Updated
        WHEN NOT MATCHED THEN
            INSERT (device_id, name, value, type, updated) VALUES (@DeviceId, @Name, @Value, @Type, @Updated);
        """;

    /// <inheritdoc />
    public override string UpsertParameterWritable => """
        MERGE device_parameters WITH (HOLDLOCK) AS p
        USING (SELECT @DeviceId AS device_id, @Name AS name) AS s ON p.device_id = s.device_id AND p.name = s.name
        WHEN MATCHED THEN UPDATE SET writable = @Writable
        WHEN NOT MATCHED THEN
            INSERT (device_id, name, writable, updated) VALUES (@DeviceId, @Name, @Writable, @Updated);
        """;

    /// <inheritdoc />
    public override string UpsertParameterAttributes => """
        MERGE device_parameters WITH (HOLDLOCK) AS p
        USING (SELECT @DeviceId AS device_id, @Name AS name) AS s ON p.device_id = s.device_id AND p.name = s.name
        WHEN MATCHED THEN UPDATE SET
            notification = COALESCE(@Notification, p.notification),
            access_list = COALESCE(@AccessList, p.access_list)
        WHEN NOT MATCHED THEN
            INSERT (device_id, name, notification, access_list, updated) VALUES (@DeviceId, @Name, @Notification, @AccessList, @Updated);
        """;

    /// <inheritdoc />
    public override string UpsertConnectionRequestCredentials => """
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
    public override string CreateMigrationsTable => """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
            CREATE TABLE schema_migrations (
                version INT NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY,
                name    NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NOT NULL,
                applied BIGINT NOT NULL)
        """;

    /// <inheritdoc />
    public override string TakeLease => $"""
        MERGE leases WITH (HOLDLOCK) AS l
        USING (SELECT @DeviceId AS device_id) AS s ON l.device_id = s.device_id
        WHEN MATCHED AND (l.node = @Node OR l.expires < {UnixMillisecondsNow}) THEN
            UPDATE SET node = @Node, expires = {UnixMillisecondsNow} + @DurationMs
        WHEN NOT MATCHED THEN
            INSERT (device_id, node, expires) VALUES (@DeviceId, @Node, {UnixMillisecondsNow} + @DurationMs);
        """;

    /// <summary>Takes the migration lock for the session: nodes starting together apply each migration once. Waits up
    /// to 60 s; a negative return code (timeout, deadlock victim) fails with a message naming the lock.</summary>
    public static string TakeMigrationLock => $"""
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = N'{MigrationLockName}', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 60000;
        IF @result < 0 THROW 50001, N'Timed out after 60 s waiting for the migration lock {MigrationLockName} (another node is migrating).', 1;
        """;

    /// <summary>Releases the lock taken by <see cref="TakeMigrationLock"/>.</summary>
    public static string ReleaseMigrationLock
        => $"EXEC sp_releaseapplock @Resource = N'{MigrationLockName}', @LockOwner = N'Session';";

    /// <inheritdoc />
    public override async Task<IAsyncDisposable> AcquireMigrationLockAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // A session lock: held across the per-migration transactions, released on dispose or when the connection dies.
        await connection.ExecuteAsync(new CommandDefinition(TakeMigrationLock, cancellationToken: cancellationToken));
        return new AppLock(connection);
    }

    /// <inheritdoc />
    // A transaction-owned application lock on the key: released at commit or rollback.
    public override async Task LockAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken)
        => await connection.ExecuteAsync(new CommandDefinition(
            "EXEC sp_getapplock @Resource = @Key, @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 30000",
            new { Key = "TR069Acs." + key }, transaction, cancellationToken: cancellationToken));

    /// <inheritdoc />
    public override string? NowMs => UnixMillisecondsNow;

    /// <inheritdoc />
    public override string RowLockHint(bool skipLocked) => skipLocked ? " WITH (UPDLOCK, READPAST, ROWLOCK)" : " WITH (UPDLOCK, ROWLOCK)";

    /// <inheritdoc />
    public override string Limit(string select, string count)
    {
        // T-SQL's TOP follows SELECT (DISTINCT): SELECT TOP (n) …
        ArgumentNullException.ThrowIfNull(select);
        const string Select = "SELECT ";
        var at = select.TrimStart().StartsWith(Select, StringComparison.OrdinalIgnoreCase) ? select.IndexOf(Select, StringComparison.OrdinalIgnoreCase) + Select.Length
            : throw new ArgumentException("Limit needs a statement that starts with SELECT.", nameof(select));
        return $"{select[..at]}TOP ({count}) {select[at..]}";
    }

    /// <inheritdoc />
    public override string Greatest(string a, string b) => $"(CASE WHEN {a} > {b} THEN {a} ELSE {b} END)";

    /// <inheritdoc />
    public override string NullSafeEquals(string a, string b) => $"({a} = {b} OR ({a} IS NULL AND {b} IS NULL))";

    /// <inheritdoc />
    // Columns are BIN2: a case-insensitive comparison lower-cases both sides (ASCII and beyond).
    public override string EqualsIgnoreCase(string column, string parameter) => $"LOWER({column}) = LOWER({parameter})";

    /// <inheritdoc />
    // 1205 deadlock victim, 1222 lock request timeout, -2 client timeout.
    public override bool IsBusy(DbException exception) => exception is SqlException { Number: 1205 or 1222 or -2 };

    /// <inheritdoc />
    // 2601/2627 duplicate key, 547 constraint, 515 NULL into NOT NULL, 8152/2628 string or binary data would be truncated,
    // 245/8114 conversion failed.
    public override bool IsPermanentDataError(DbException exception)
        => exception is SqlException { Number: 2601 or 2627 or 547 or 515 or 8152 or 2628 or 245 or 8114 };

    /// <inheritdoc />
    public override string InsertCampaign => """
        INSERT INTO campaigns (name, firmware_id, target_version, definition, status, phase, created)
        OUTPUT INSERTED.id
        VALUES (@Name, @FirmwareId, @TargetVersion, @Definition, 'scheduled', 0, @Now)
        """;

    /// <inheritdoc />
    public override string FailCampaignAttempt => """
        UPDATE campaign_devices SET
            state = CASE WHEN attempts < @MaxAttempts THEN 'pending' ELSE 'failed' END,
            last_fault = @Fault,
            not_before = CASE WHEN attempts < @MaxAttempts THEN @RetryAt ELSE NULL END,
            reason = CASE WHEN attempts < @MaxAttempts THEN CONCAT('attempt ', attempts, ' failed; retried after the retry delay') ELSE NULL END,
            finished = CASE WHEN attempts < @MaxAttempts THEN NULL ELSE @Now END
        OUTPUT INSERTED.state
        WHERE campaign_id = @CampaignId AND command_key = @Key AND state = 'inProgress'
          AND (@DeviceId IS NULL OR device_id = @DeviceId)
        """;

    /// <inheritdoc />
    public override string UpsertConfigValue => """
        MERGE config_values WITH (HOLDLOCK) AS c
        USING (SELECT @Kind AS scope_kind, @Key AS scope_key, @Name AS name) AS s
            ON c.scope_kind = s.scope_kind AND c.scope_key = s.scope_key AND c.name = s.name
        WHEN MATCHED THEN UPDATE SET value = @Value, updated = @Now
        WHEN NOT MATCHED THEN INSERT (scope_kind, scope_key, name, value, updated) VALUES (@Kind, @Key, @Name, @Value, @Now);
        """;

    /// <inheritdoc />
    public override string UpsertPhoneConfigState => """
        MERGE device_config_state WITH (HOLDLOCK) AS c
        USING (SELECT @DeviceId AS device_id, @Name AS name) AS s ON c.device_id = s.device_id AND c.name = s.name
        WHEN MATCHED THEN UPDATE SET value = @Value, origin = @Origin, drifted = @Drifted, seen = @Seen,
            confirmed = CASE WHEN @Confirmed > c.confirmed THEN @Confirmed ELSE c.confirmed END
        WHEN NOT MATCHED THEN INSERT (device_id, name, value, origin, drifted, seen, confirmed)
            VALUES (@DeviceId, @Name, @Value, @Origin, @Drifted, @Seen, @Confirmed);
        """;

    /// <inheritdoc />
    public override string UpsertReconciled => """
        MERGE device_config_reconciled WITH (HOLDLOCK) AS r
        USING (SELECT @DeviceId AS device_id) AS s ON r.device_id = s.device_id
        WHEN MATCHED THEN UPDATE SET reconciled = @Now
        WHEN NOT MATCHED THEN INSERT (device_id, reconciled) VALUES (@DeviceId, @Now);
        """;

    /// <inheritdoc />
    public override string InsertCpeCredentialsIfAbsent => """
        MERGE cpe_credentials WITH (HOLDLOCK) AS c
        USING (SELECT @DeviceId AS device_id) AS s ON c.device_id = s.device_id
        WHEN NOT MATCHED THEN
            INSERT (device_id, username, password, next_password, cr_username, cr_password, next_cr_password,
                    bootstrap, push, pre_registered, created, updated)
            VALUES (@DeviceId, @DeviceId, NULL, @Next, @CrUsername, NULL, @NextCr, 1, 1, 0, @Now, @Now);
        """;

    /// <inheritdoc />
    public override string InsertUserIfAbsent => """
        MERGE operator_users WITH (HOLDLOCK) AS u
        USING (SELECT @Name AS name) AS s ON u.name = s.name
        WHEN NOT MATCHED THEN
            INSERT (name, role, scope_tags, password_hash, created, updated, failures, failure_window, locked_until)
            VALUES (@Name, @Role, @ScopeTags, @PasswordHash, @Created, @Updated, 0, NULL, NULL);
        """;

    /// <inheritdoc />
    public override string UpsertPreRegisteredCpeCredentials => """
        MERGE cpe_credentials WITH (HOLDLOCK) AS c
        USING (SELECT @DeviceId AS device_id) AS s ON c.device_id = s.device_id
        WHEN MATCHED THEN UPDATE SET username = @Username, password = @Password, next_password = @Password,
            cr_username = @CrUsername, next_cr_password = @NextCr, bootstrap = @Bootstrap, push = 1, pre_registered = 1, updated = @Now
        WHEN NOT MATCHED THEN
            INSERT (device_id, username, password, next_password, cr_username, cr_password, next_cr_password,
                    bootstrap, push, pre_registered, created, updated)
            VALUES (@DeviceId, @Username, @Password, @Password, @CrUsername, NULL, @NextCr, @Bootstrap, 1, 1, @Now, @Now);
        """;

    /// <inheritdoc />
    public override string InsertPreRegisteredDevice => """
        MERGE devices WITH (HOLDLOCK) AS d
        USING (SELECT @Id AS id) AS s ON d.id = s.id
        WHEN NOT MATCHED THEN
            INSERT (id, oui, product_class, serial_number, manufacturer, mac_address, first_seen, last_inform)
            VALUES (@Id, @Oui, @ProductClass, @SerialNumber, @Manufacturer, @MacAddress, @Now, 0);
        """;

    /// <inheritdoc />
    public override string UpsertProfileFetch => """
        MERGE profile_fetches WITH (HOLDLOCK) AS f
        USING (SELECT @DeviceId AS device_id) AS s ON f.device_id = s.device_id
        WHEN MATCHED THEN UPDATE SET fetched = @Fetched, method = @Method, file_name = @FileName, remote_address = @RemoteAddress,
            user_agent = @UserAgent, software_version = @SoftwareVersion, status_body = @StatusBody
        WHEN NOT MATCHED THEN
            INSERT (device_id, fetched, method, file_name, remote_address, user_agent, software_version, status_body)
            VALUES (@DeviceId, @Fetched, @Method, @FileName, @RemoteAddress, @UserAgent, @SoftwareVersion, @StatusBody);
        """;

    /// <inheritdoc />
    public override string InsertFirmwareImageIfAbsent => """
        MERGE firmware_images WITH (HOLDLOCK) AS f
        USING (SELECT @Id AS id) AS s ON f.id = s.id
        WHEN NOT MATCHED THEN
            INSERT (id, size, version, models, file_name, signed, created) VALUES (@Id, @Size, @Version, @Models, @FileName, @Signed, @Created);
        """;

    /// <inheritdoc />
    public override string InsertActivationCode => """
        INSERT INTO activation_codes (code_hash, prefix, tag, account, scope_kind, scope_key, profile_rule, created, expires)
        OUTPUT INSERTED.id
        VALUES (@CodeHash, @Prefix, @Tag, @Account, @ScopeKind, @ScopeKey, @ProfileRule, @Created, @Expires)
        """;

    /// <inheritdoc />
    public override string InsertSecureProvisioningIfAbsent => """
        MERGE secure_provisioning WITH (HOLDLOCK) AS p
        USING (SELECT @DeviceId AS device_id) AS s ON p.device_id = s.device_id
        WHEN NOT MATCHED THEN
            INSERT (device_id, directory, key_text, generation, created) VALUES (@DeviceId, @Directory, @Key, 1, @Now);
        """;

    /// <inheritdoc />
    public override string UpsertDeviceStatus => """
        MERGE device_status WITH (HOLDLOCK) AS d
        USING (SELECT @DeviceId AS device_id) AS s ON d.device_id = s.device_id
        WHEN MATCHED THEN UPDATE SET
            resync_result = CASE WHEN @ResyncAt IS NULL THEN d.resync_result ELSE @ResyncResult END,
            resync_error = CASE WHEN @ResyncAt IS NULL THEN d.resync_error ELSE @ResyncError END,
            resync_url = COALESCE(@ResyncUrl, d.resync_url),
            resync_at = COALESCE(@ResyncAt, d.resync_at),
            upgrade_result = CASE WHEN @UpgradeAt IS NULL THEN d.upgrade_result ELSE @UpgradeResult END,
            upgrade_error = CASE WHEN @UpgradeAt IS NULL THEN d.upgrade_error ELSE @UpgradeError END,
            upgrade_version = CASE WHEN @UpgradeUrl IS NULL THEN d.upgrade_version ELSE @UpgradeVersion END,
            upgrade_url = COALESCE(@UpgradeUrl, d.upgrade_url),
            upgrade_at = COALESCE(@UpgradeAt, d.upgrade_at),
            error = CASE WHEN @ErrorAt IS NULL THEN d.error ELSE @Error END,
            error_at = COALESCE(@ErrorAt, d.error_at),
            last_message_at = CASE WHEN @LastMessageAt > d.last_message_at THEN @LastMessageAt ELSE d.last_message_at END
        WHEN NOT MATCHED THEN
            INSERT (device_id, resync_at, resync_result, resync_url, resync_error, upgrade_at, upgrade_result,
                    upgrade_url, upgrade_version, upgrade_error, error_at, error, last_message_at)
            VALUES (@DeviceId, @ResyncAt, @ResyncResult, @ResyncUrl, @ResyncError, @UpgradeAt, @UpgradeResult,
                    @UpgradeUrl, @UpgradeVersion, @UpgradeError, @ErrorAt, @Error, @LastMessageAt);
        """;

    /// <inheritdoc />
    public override string ExpireOverdueTasksOfDevice => $"""
        UPDATE tasks SET status = 'expired', completed = @Now, last_error = 'expired before the device could be reached'
        OUTPUT INSERTED.id
        WHERE device_id = @DeviceId AND status = 'queued' AND expires <= {TaskNow}
        """;

    /// <inheritdoc />
    public override string ExpireDueTasks => $"""
        UPDATE tasks SET completed = @Now,
            last_error = CASE status WHEN 'queued' THEN 'expired before the device could be reached'
                                     ELSE 'expired waiting for the TransferComplete' END,
            status = 'expired', awaiting_transfer = 0
        OUTPUT INSERTED.id
        WHERE (status = 'queued' OR (status = 'sent' AND awaiting_transfer = 1)) AND expires <= {TaskNow}
        """;

    private sealed class AppLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync(ReleaseMigrationLock);
            }
        }
    }
}
