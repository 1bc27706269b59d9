using System.Data.Common;

namespace TR069Acs.Server.Storage;

/// <summary>What differs between database providers: connections, session settings and the few statements that
/// cannot be written portably (upserts, paging, generated keys). Everything else is plain SQL in the stores.</summary>
internal interface ISqlDialect
{
    /// <summary>Provider name; migrations are the embedded resources <c>db/{Provider}/NNN_name.sql</c>.</summary>
    string Provider { get; }

    /// <summary>A new, closed connection.</summary>
    DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection settings applied after opening (e.g. SQLite pragmas).</summary>
    Task InitializeConnectionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Database-wide settings applied once at start, outside any transaction (e.g. WAL mode).</summary>
    Task InitializeDatabaseAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary><c>LIMIT @Limit OFFSET @Offset</c> or its equivalent; the statement has an ORDER BY.</summary>
    string Paging { get; }

    /// <summary>An INSERT of one task that yields its generated id.</summary>
    string InsertTask { get; }

    /// <summary>An INSERT of one fault that yields its generated id.</summary>
    string InsertFault { get; }

    /// <summary>Insert-or-update of a device from an Inform: identity and telemetry; first_seen only on insert.</summary>
    string UpsertDeviceFromInform { get; }

    /// <summary>Insert-or-update of a parameter value (name, value, type, updated) that never overwrites a newer write.</summary>
    string UpsertParameterValue { get; }

    /// <summary>Insert-or-update of a parameter's writability from GetParameterNames.</summary>
    string UpsertParameterWritable { get; }

    /// <summary>Insert-or-update of a parameter's notification and access list.</summary>
    string UpsertParameterAttributes { get; }

    /// <summary>Insert-or-update of a device's Connection Request credentials; a NULL member keeps the stored one.</summary>
    string UpsertConnectionRequestCredentials { get; }

    /// <summary>Creates the <c>schema_migrations</c> table (version, name, applied) when it does not exist.</summary>
    string CreateMigrationsTable { get; }

    /// <summary>Takes or renews the device lease when it is free, expired or already this node's; affects one row on success.</summary>
    string TakeLease { get; }
}
