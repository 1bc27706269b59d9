using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace TR069Acs.Server.Storage;

/// <summary>The configured database: its dialect and connection string. Opens connections ready for use.</summary>
internal sealed class AcsDatabase
{
    static AcsDatabase()
    {
        // Columns are snake_case (product_class), row properties PascalCase (ProductClass).
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <summary>Creates the database description for a dialect and connection string.</summary>
    public AcsDatabase(SqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
    }

    /// <summary>The provider's SQL dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The provider connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Opens a connection with the provider's per-connection settings applied.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await Dialect.InitializeConnectionAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resolves <see cref="AcsOptions.Database"/> (or the SQLite default under <see cref="AcsOptions.DataDirectory"/>).</summary>
    /// <exception cref="InvalidOperationException">The setting names a provider this build cannot use, or is unreadable
    /// (the message never contains a password).</exception>
    public static AcsDatabase FromOptions(AcsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var setting = options.Database?.Trim();
        if (string.IsNullOrEmpty(setting))
        {
            var directory = Path.GetFullPath(options.DataDirectory);
            CreatePrivateDirectory(directory);
            var file = Path.Combine(directory, "acs.db");
            MakePrivate(file);
            return Sqlite(new SqliteConnectionStringBuilder { DataSource = file }.ToString());
        }
        var colon = setting.IndexOf(':', StringComparison.Ordinal);
        var provider = colon > 0 ? setting[..colon].Trim() : "";
        var connectionString = colon > 0 ? setting[(colon + 1)..].Trim() : "";
        if (provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"Acs:Database 'sqlite:{connectionString}' is not a valid SQLite connection string: {ex.Message}", ex);
            }
            if (string.IsNullOrEmpty(builder.DataSource))
            {
                throw new InvalidOperationException("Acs:Database 'sqlite:…' needs a Data Source, e.g. sqlite:Data Source=/var/lib/acs/acs.db");
            }
            if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } dir && builder.Mode != SqliteOpenMode.Memory)
            {
                Directory.CreateDirectory(dir);
            }
            return Sqlite(builder.ToString());
        }
        if (provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(connectionString);
        }
        if (provider.Equals("sqlserver", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "Acs:Database 'sqlserver:…' is not supported by this build yet; use 'postgres:Host=…' or SQLite (leave Acs:Database empty).");
        }
        // The setting may be a bare connection string with a password in it: only the part before the first ':' or
        // '=' is named.
        var cut = setting.IndexOfAny([':', '=']);
        var named = cut >= 0 ? setting[..cut] : setting;
        throw new InvalidOperationException(
            $"Acs:Database '{named}…' names no known provider; expected 'sqlite:<connection string>' or 'postgres:<Npgsql connection string>' "
            + "(e.g. postgres:Host=db1;Username=acs;Password=…;Database=acs).");
    }

    /// <summary>Parses a PostgreSQL (Npgsql) connection string. Error messages never repeat the string or any part of
    /// it that could be a password: they name the keyword that is missing or wrong.</summary>
    private static AcsDatabase Postgres(string connectionString)
    {
        const string Example = "e.g. postgres:Host=db1;Port=5432;Username=acs;Password=…;Database=acs (quote a value that contains ';')";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Acs:Database 'postgres:' needs an Npgsql connection string, {Example}.");
        }
        Npgsql.NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Neither the parser's message nor its parameter name is repeated: both may quote a fragment of the string
            // (a password split at an unquoted ';' reads as a keyword).
            throw new InvalidOperationException(
                $"Acs:Database 'postgres:…' is not a valid Npgsql connection string: an unknown keyword or a value of the wrong type; {Example}.");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidOperationException($"Acs:Database 'postgres:…' needs a Host, {Example}.");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new InvalidOperationException($"Acs:Database 'postgres:…' needs a Database, {Example}.");
        }
        // Npgsql drops the password from NpgsqlConnection.ConnectionString once opened unless asked to keep it; keep it so.
        builder.PersistSecurityInfo = false;
        return new AcsDatabase(new PostgresDialect(), builder.ConnectionString);
    }

    /// <summary>Creates <paramref name="directory"/> (and missing parents) readable by this account only (0700); an existing
    /// directory keeps its mode (an operator chose it).</summary>
    public static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    // The database holds every device's parameters and the encrypted secrets: 0600, created so before SQLite opens it
    // (SQLite gives its -wal and -shm files the database file's mode). An existing world-readable file is tightened.
    private static void MakePrivate(string file)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(file))
        {
            using (new FileStream(file, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = owner }))
            {
            }
            return;
        }
        try
        {
            if ((File.GetUnixFileMode(file) & ~owner) != 0)
            {
                File.SetUnixFileMode(file, owner);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Not this account's file (a shared lab directory): SQLite reports whether it can use it.
        }
    }

    private static AcsDatabase Sqlite(string connectionString) => new(new SqliteDialect(), connectionString);
}
