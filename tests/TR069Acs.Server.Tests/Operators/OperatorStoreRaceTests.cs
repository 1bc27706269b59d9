using TR069Acs.Server.Operators;
using TR069Acs.Server.Tests.Storage;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>The first admin made by nodes that start together on SQLite.</summary>
public sealed class SqliteOperatorStoreRaceTests : OperatorStoreRaceTests<SqliteProvider>;

/// <summary>The first admin made by nodes that start together on PostgreSQL, where nothing serialises the writers.</summary>
public sealed class PostgresOperatorStoreRaceTests : OperatorStoreRaceTests<PostgresProvider>;

/// <summary>The same on SQL Server (skipped unless ACS_TEST_SQLSERVER is set).</summary>
public sealed class SqlServerOperatorStoreRaceTests : OperatorStoreRaceTests<SqlServerProvider>;

/// <summary>Nodes started together on an empty database (an orchestrator starting every replica at once) each find no
/// user and create the first admin: exactly one of them may, and none may fail its start for it.</summary>
public abstract class OperatorStoreRaceTests<TProvider> : StoreTests<TProvider> where TProvider : StoreProvider, new()
{
    private const int Rounds = 100;
    private const int Nodes = 8;

    [StoreFact]
    public async Task Nodes_inserting_one_user_at_once_create_it_once_and_none_fails()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var name = $"admin{round}";
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var inserts = Enumerable.Range(0, Nodes).Select(node => Task.Run(async () =>
            {
                await start.Task;
                // A store per node, each insert on its own connection, as each node's start makes it.
                return await new OperatorStore(Db.Database).InsertUserAsync(new UserRow
                {
                    Name = name, Role = "admin", PasswordHash = $"hash-of-node-{node}", Created = 1, Updated = 1,
                });
            })).ToArray();
            start.SetResult();
            var created = await Task.WhenAll(inserts);
            Assert.True(created.Count(c => c) == 1, $"round {round}: {created.Count(c => c)} of {Nodes} nodes created {name}");
        }
        Assert.Equal(Rounds, await new OperatorStore(Db.Database).CountUsersAsync());
    }
}
