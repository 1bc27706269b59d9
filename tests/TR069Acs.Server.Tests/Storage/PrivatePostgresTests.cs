using Npgsql;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>The private PostgreSQL the provider tests run against: a real server of its own, reachable on loopback
/// only with the generated password, one isolated database per test class.</summary>
public sealed class PrivatePostgresTests
{
    [PostgresFact]
    public async Task Each_database_is_private_to_its_test_and_the_server_wants_its_password()
    {
        var first = await PrivatePostgres.CreateDatabaseAsync("fixture");
        var second = await PrivatePostgres.CreateDatabaseAsync("fixture");
        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE marker (id INTEGER); INSERT INTO marker VALUES (7); SELECT current_setting('server_version_num')::int", connection);
            var version = (int)(await command.ExecuteScalarAsync())!;
            Assert.True(version >= 130000, $"server_version_num {version}");
        }
        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT to_regclass('marker') IS NULL", connection);
            Assert.True((bool)(await command.ExecuteScalarAsync())!, "a table made in one test database is visible in another");
        }

        var wrong = new NpgsqlConnectionStringBuilder(first) { Password = "not-the-password", Pooling = false };
        await using var intruder = new NpgsqlConnection(wrong.ToString());
        var refused = await Assert.ThrowsAsync<PostgresException>(() => intruder.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }
}
