using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
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
        Parameters = new ParameterStore(Database);
        Tasks = new TaskStore(Database, Parameters);
        Devices = new DeviceStore(Database);
    }

    public string Directory { get; }

    public AcsDatabase Database { get; }

    public MigrationRunner Migrations { get; }

    public ParameterStore Parameters { get; }

    public TaskStore Tasks { get; }

    public DeviceStore Devices { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
