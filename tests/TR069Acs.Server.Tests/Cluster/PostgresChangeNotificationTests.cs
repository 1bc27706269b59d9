using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Cluster;

/// <summary>Two nodes on one PostgreSQL database hear of each other's changes by LISTEN/NOTIFY, at once rather than at
/// the next poll, and listen again after the database drops their connection.</summary>
public sealed class PostgresChangeNotificationTests
{
    // The longest poll interval there is: a change heard within Heard's bound after a poll cannot have come by polling.
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);
    private const int HeardWithinSeconds = 30;

    [PostgresFact]
    public async Task A_change_on_one_node_reaches_the_other_at_once_and_again_after_the_listener_was_disconnected()
    {
        var database = await PrivatePostgres.CreateDatabaseAsync("acs_notify");
        var root = Directory.CreateTempSubdirectory("acs-notify-tests-").FullName;
        void Shared(AcsOptions o, string id)
        {
            o.Database = "postgres:" + database;
            o.KeysDirectory = Path.Combine(root, "keys");
            o.NodeId = id;
            o.Cluster.PollInterval = Poll;
        }
        await using var a = await TestAcs.StartAsync(o => Shared(o, "node-a"), Path.Combine(root, "a"));
        var bDirectory = Directory.CreateDirectory(Path.Combine(root, "b")).FullName;
        File.Copy(Path.Combine(a.DataDirectory, "initial-admin-password"), Path.Combine(bDirectory, "initial-admin-password"));
        await using var b = await TestAcs.StartAsync(o => Shared(o, "node-b"), bDirectory);

        var signals = a.App.Services.GetRequiredService<IClusterSignals>();
        var heard = new System.Collections.Concurrent.BlockingCollection<string>();
        using var subscription = b.App.Services.GetRequiredService<IClusterSignals>().Subscribe("test.change", heard.Add);
        await Eventually.TrueAsync(() => b.App.Services.GetRequiredService<ClusterChangeListener>().Listening,
            "node B to listen on the acs_changes channel", 60);
        await Eventually.TrueAsync(async () => await ListenersAsync(database) == 2, "both nodes to listen on the acs_changes channel", 60);

        // The first change may come by either way; once it is delivered, B's next poll is a minute away.
        await signals.PublishAsync("test.change", "first");
        Assert.Equal("first", await Bounded.WithinAsync(Task.Run(() => heard.Take()), "node B to hear the first change", 90));

        await signals.PublishAsync("test.change", "second");
        Assert.Equal("second", await Bounded.WithinAsync(Task.Run(() => heard.Take()), "node B to hear the second change by notification", HeardWithinSeconds));

        // The database drops both nodes' listening connections (a failover, a restart, an idle-connection killer).
        await using (var admin = new NpgsqlConnection(database))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN acs_changes'", admin);
            Assert.Equal(2L, (long)(await terminate.ExecuteScalarAsync())!);
        }
        await Eventually.TrueAsync(async () => await ListenersAsync(database) == 2, "both nodes to listen again after their connections were terminated", 60);

        // Listening again made B read what it missed (nothing) and reset its poll timer: this one too comes by notification.
        await signals.PublishAsync("test.change", "third");
        Assert.Equal("third", await Bounded.WithinAsync(Task.Run(() => heard.Take()), "node B to hear a change after it listened again", HeardWithinSeconds));
    }

    private static async Task<long> ListenersAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN acs_changes'", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
