using Npgsql;
using TR069Acs.Tests.Shared;

namespace TR069Acs.Bench.Cluster;

/// <summary>
/// The private PostgreSQL of a <c>--db postgres</c> run: the tests' <see cref="PrivatePostgres"/> (initdb in a temporary
/// directory, a free loopback port, a random password, an unprivileged account when run as root), a database of its own
/// per measured setup, and the CPU time of the whole server (postmaster and backends) read from /proc. Durable as the
/// SQLite it is compared with (fsync on, commits not waited for: synchronous_commit off against SQLite's WAL with
/// synchronous=NORMAL); otherwise PostgreSQL's defaults but the tests' shared_buffers (32 MB) and max_connections (300).
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly PrivatePostgres _server;
    private readonly string _keys;
    private int _databases;

    private BenchPostgres(PrivatePostgres server)
    {
        _server = server;
        _keys = Directory.CreateTempSubdirectory("acs-bench-keys-").FullName;
    }

    /// <summary>Why PostgreSQL cannot run here, or null.</summary>
    public static string? Problem => PrivatePostgres.Problem;

    /// <summary>Starts the server with pg_stat_statements loaded (<see cref="StatementsAsync"/>).</summary>
    public static async Task<BenchPostgres> StartAsync()
    {
        var server = await PrivatePostgres.StartAsync(durable: true, "shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all");
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
        await command.ExecuteNonQueryAsync();
        return new BenchPostgres(server);
    }

    /// <summary>Forgets the statement statistics of every database (before a measured run).</summary>
    public async Task ResetStatementsAsync()
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The statements the server ran in database <paramref name="db"/> (a <c>--db</c> value) since the last
    /// reset, most called first: calls, total execution milliseconds, the statement's text.</summary>
    public async Task<IReadOnlyList<(long Calls, double TotalMs, string Query)>> StatementsAsync(string db)
    {
        var database = new NpgsqlConnectionStringBuilder(db["postgres:".Length..]).Database;
        await using var connection = new NpgsqlConnection(_server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT s.calls, s.total_exec_time, s.query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            + "WHERE d.datname = @database ORDER BY s.calls DESC, s.total_exec_time DESC", connection);
        command.Parameters.AddWithValue("database", database!);
        var rows = new List<(long, double, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>A new empty database and the <c>--db</c> value of its nodes, with a key ring of its own.</summary>
    public async Task<(string Db, string KeysDirectory)> NewDatabaseAsync(string prefix)
    {
        // Npgsql's default pool (100 connections per node), not the tests' 20 (many test databases share one server).
        var connection = new NpgsqlConnectionStringBuilder(await _server.NewDatabaseAsync(prefix)) { MaxPoolSize = 100 }.ToString();
        var keys = Directory.CreateDirectory(Path.Combine(_keys, $"{prefix}-{Interlocked.Increment(ref _databases)}")).FullName;
        return ("postgres:" + connection, keys);
    }

    /// <summary>User plus system CPU seconds of the server so far: the postmaster, its live backends and those that
    /// exited.</summary>
    public double CpuSeconds() => BenchProcess.CpuSeconds(_server.ProcessId, withChildren: true);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }
}
