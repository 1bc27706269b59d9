using Microsoft.Data.SqlClient;

namespace TR069Acs.Server.Storage;

/// <summary>Reads <c>Acs:Database = sqlserver:&lt;connection string&gt;</c> (Microsoft.Data.SqlClient keywords). Every
/// error names what is wrong and never repeats the string, which may hold a password.</summary>
internal static class SqlServerConnection
{
    private const string Example = "e.g. sqlserver:Server=db1.example.net;Database=acs;User ID=acs;Password=…;Encrypt=True";

    /// <summary>The database for a SQL Server connection string.</summary>
    /// <exception cref="InvalidOperationException">The string cannot be read, or names no server or no database.</exception>
    public static AcsDatabase Create(string connectionString)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // SqlClient's messages name the keyword or position at fault, never a value.
            throw new InvalidOperationException($"Acs:Database 'sqlserver:…' is not a valid SQL Server connection string: {ex.Message} ({Example}).", ex);
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException($"Acs:Database 'sqlserver:…' names no server: add Server=HOST[,PORT] ({Example}).");
        }
        if (string.IsNullOrWhiteSpace(builder.InitialCatalog))
        {
            // Without it the login's default database (often master) would receive the ACS's tables.
            throw new InvalidOperationException($"Acs:Database 'sqlserver:…' names no database: add Database=NAME, a database for the ACS alone ({Example}).");
        }
        return new AcsDatabase(new SqlServerDialect(), builder.ConnectionString);
    }

    /// <summary>The connection string without its password, for messages and logs.</summary>
    public static string Redact(string connectionString)
    {
        try
        {
            var builder = new SqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "********";
            }
            return builder.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return "(unreadable connection string)";
        }
    }
}
