using Npgsql;
using TR069Acs.Server.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>The database a store suite runs on, in the manner of Dapper's <c>TestBase&lt;TProvider&gt;</c>: each suite is
/// an abstract class over <typeparamref name="TProvider"/> with one concrete class per provider, so the same tests run
/// on SQLite and on the private PostgreSQL server.</summary>
/// <typeparam name="TProvider">The provider.</typeparam>
public abstract class StoreTests<TProvider> : IAsyncLifetime where TProvider : StoreProvider, new()
{
    private TestDatabase? _db;

    /// <summary>This test's own migrated database.</summary>
    internal TestDatabase Db => _db ?? throw new InvalidOperationException("InitializeAsync has not run");

    /// <inheritdoc />
    public async Task InitializeAsync() => _db = await new TProvider().CreateAsync(migrated: true);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }
}

/// <summary>Makes test databases of one provider.</summary>
public abstract class StoreProvider
{
    /// <summary>A new database of its own for one test, migrated to the newest version when <paramref name="migrated"/>.</summary>
    internal abstract Task<TestDatabase> CreateAsync(bool migrated);
}

/// <summary>SQLite: a file in a temporary directory.</summary>
public sealed class SqliteProvider : StoreProvider
{
    internal override async Task<TestDatabase> CreateAsync(bool migrated)
    {
        var db = new TestDatabase();
        if (migrated)
        {
            await db.Migrations.ApplyAsync();
        }
        return db;
    }
}

/// <summary>PostgreSQL: a database of its own on the test process's private server (<see cref="PrivatePostgres"/>),
/// copied from a template migrated once per process (CREATE DATABASE … TEMPLATE is a file copy, far cheaper than
/// thirteen migrations per test), dropped at the end.</summary>
public sealed class PostgresProvider : StoreProvider
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _template;
    private static int _count;

    internal override async Task<TestDatabase> CreateAsync(bool migrated)
    {
        string connectionString;
        if (migrated)
        {
            var template = await TemplateAsync();
            var server = await PrivatePostgres.SharedAsync();
            var name = $"acs_store_{Environment.ProcessId}_{Interlocked.Increment(ref _count)}";
            await Gate.WaitAsync();
            try
            {
                await ExecuteAsync(server.ConnectionString("postgres"), $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
            }
            finally
            {
                Gate.Release();
            }
            connectionString = server.ConnectionString(name);
        }
        else
        {
            connectionString = await PrivatePostgres.CreateDatabaseAsync("acs_empty");
        }
        return Open(connectionString);
    }

    /// <summary>A test database over an existing PostgreSQL database (e.g. one made empty by the test).</summary>
    internal static TestDatabase Open(string connectionString, bool drop = true)
    {
        var directory = Directory.CreateTempSubdirectory("acs-pg-tests-").FullName;
        return new TestDatabase(directory, "postgres:" + connectionString, drop ? () => DropAsync(connectionString) : null);
    }

    private static async Task<string> TemplateAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var connectionString = await PrivatePostgres.CreateDatabaseAsync("acs_template");
                await using (var db = Open(connectionString, drop: false))
                {
                    await db.Migrations.ApplyAsync();
                    NpgsqlConnection.ClearAllPools();
                }
                _template = new NpgsqlConnectionStringBuilder(connectionString).Database!;
            }
            return _template;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task DropAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (_template == builder.Database)
        {
            return;
        }
        await using (var probe = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(probe);
        }
        var server = await PrivatePostgres.SharedAsync();
        await ExecuteAsync(server.ConnectionString("postgres"), $"DROP DATABASE IF EXISTS \"{builder.Database}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fact of a store suite: on a PostgreSQL subclass it is skipped, with the reason, where PostgreSQL is not
/// installed (under <c>CI=true</c> it runs and fails instead, so that a missing server is never hidden).</summary>
[XunitTestCaseDiscoverer("TR069Acs.Server.Tests.Storage.StoreFactDiscoverer", "TR069Acs.Server.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests per concrete class and skips the PostgreSQL ones when the
/// server cannot run here.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var onPostgres = type.BaseType is { IsGenericType: true } b && b.GetGenericArguments().Contains(typeof(PostgresProvider));
        var skip = onPostgres && !PrivatePostgres.IsCi ? PrivatePostgres.Problem : null;
        var display = discoveryOptions.MethodDisplayOrDefault();
        var options = discoveryOptions.MethodDisplayOptionsOrDefault();
        yield return skip is null
            ? new XunitTestCase(diagnosticMessageSink, display, options, testMethod)
            : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, options, testMethod, skip);
    }
}
