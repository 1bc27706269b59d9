using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Server.Security;
using TR069Acs.Server.Storage;

namespace TR069Acs.Server.Tests.Support;

/// <summary>A migrated SQLite database in a temporary file, with the stores over it.</summary>
internal sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("acs-db-tests-").FullName;
        Database = AcsDatabase.FromOptions(new AcsOptions { DataDirectory = Directory });
        Migrations = new MigrationRunner(Database, NullLogger<MigrationRunner>.Instance);
        Protector = new SecretProtector(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(Directory, "keys"))));
        Parameters = new ParameterStore(Database, new StoredSecrets(Protector, ParameterCatalogue.Default));
        Tasks = new TaskStore(Database, Parameters, Protector);
        Devices = new DeviceStore(Database, Protector);
    }

    public string Directory { get; }

    public AcsDatabase Database { get; }

    public MigrationRunner Migrations { get; }

    /// <summary>The protector of stored secrets, with its key ring under the test directory.</summary>
    public SecretProtector Protector { get; }

    public ParameterStore Parameters { get; }

    public TaskStore Tasks { get; }

    public DeviceStore Devices { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
