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

    public static async Task<BenchPostgres> StartAsync() => new(await PrivatePostgres.StartAsync(durable: true));

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
