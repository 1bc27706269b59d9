using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tests.Storage.SqlServer;

/// <summary><c>--db sqlserver:…</c>: accepted with the SQL Server dialect, refused with a message naming what is missing
/// or malformed, and never with the password in it.</summary>
public sealed class SqlServerConnectionTests
{
    private const string Password = "Sup3r-Secret-Pw";

    [Fact]
    public void A_sqlserver_setting_selects_SqlClient_and_the_sqlserver_migrations()
    {
        var database = AcsDatabase.FromOptions(new AcsOptions { Database = $"sqlserver:Server=db1.example.net,1433;Database=acs;User ID=acs;Password={Password};Encrypt=True" });

        Assert.Equal("sqlserver", database.Dialect.Provider);
        Assert.IsType<SqlServerDialect>(database.Dialect);
        using var connection = database.Dialect.CreateConnection(database.ConnectionString);
        Assert.IsType<Microsoft.Data.SqlClient.SqlConnection>(connection);
        Assert.Equal("acs", connection.Database);
    }

    [Theory]
    [InlineData("sqlserver:Database=acs;User ID=acs;Password=" + Password, "names no server")]
    [InlineData("sqlserver:Server=db1;User ID=acs;Password=" + Password, "names no database")]
    [InlineData("sqlserver:Server=db1;Database=acs;Pasword=" + Password, "not a valid SQL Server connection string")]
    [InlineData("sqlserver:Server=db1;Database=acs;Password=" + Password + ";Connect Timeout=soon", "not a valid SQL Server connection string")]
    [InlineData("sqlserver:", "names no server")]
    public void A_bad_sqlserver_setting_is_refused_without_echoing_the_password(string setting, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AcsDatabase.FromOptions(new AcsOptions { Database = setting }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_hides_the_password_and_keeps_the_rest()
    {
        var redacted = SqlServerConnection.Redact($"Server=db1;Database=acs;User ID=acs;Password={Password}");

        Assert.DoesNotContain(Password, redacted, StringComparison.Ordinal);
        Assert.Contains("db1", redacted, StringComparison.Ordinal);
        Assert.Contains("acs", redacted, StringComparison.Ordinal);
    }
}
