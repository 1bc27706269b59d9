using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tests.Support;

/// <summary>A database of the tests with the stores over it: by default a SQLite file in a temporary directory; the
/// store suites also make them on the private PostgreSQL (<see cref="Storage.PostgresProvider"/>).</summary>
internal sealed class TestDatabase : IDisposable, IAsyncDisposable
{
    private readonly Func<Task>? _drop;

    /// <summary>A SQLite database in a new temporary directory (not yet migrated).</summary>
    public TestDatabase()
        : this(System.IO.Directory.CreateTempSubdirectory("acs-db-tests-").FullName, null, null)
    {
    }

    /// <summary>A database for <paramref name="setting"/> (an <c>Acs:Database</c> value; null: SQLite under
    /// <paramref name="directory"/>); <paramref name="drop"/> removes it at the end.</summary>
    public TestDatabase(string directory, string? setting, Func<Task>? drop)
    {
        Directory = directory;
        _drop = drop;
        Database = AcsDatabase.FromOptions(new AcsOptions { DataDirectory = Directory, Database = setting });
        Migrations = new MigrationRunner(Database, NullLogger<MigrationRunner>.Instance);
        Protector = new SecretProtector(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(Directory, "keys"))));
        Secrets = new StoredSecrets(Protector, ParameterCatalogue.Default);
        Parameters = new ParameterStore(Database, Secrets);
        Tasks = new TaskStore(Database, Parameters, Protector);
        Devices = new DeviceStore(Database, Protector);
        Leases = new LeaseStore(Database);
    }

    public string Directory { get; }

    public AcsDatabase Database { get; }

    /// <summary>The provider name (<c>sqlite</c>, <c>postgres</c>).</summary>
    public string Provider => Database.Dialect.Provider;

    public MigrationRunner Migrations { get; }

    /// <summary>The protector of stored secrets, with its key ring under the test directory.</summary>
    public SecretProtector Protector { get; }

    public StoredSecrets Secrets { get; }

    public ParameterStore Parameters { get; }

    public TaskStore Tasks { get; }

    public DeviceStore Devices { get; }

    public LeaseStore Leases { get; }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_drop is not null)
        {
            await _drop();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
