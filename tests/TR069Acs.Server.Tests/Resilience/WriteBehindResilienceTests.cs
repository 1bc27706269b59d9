using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Devices;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Resilience;

/// <summary>Issue 16 §1/§2: a database locked past its busy timeout stops nothing and loses nothing acknowledged; a
/// full write-behind queue answers 503 instead of acknowledging; a graceful stop writes the whole queue.</summary>
public sealed class WriteBehindResilienceTests
{
    // The file's busy timeout (and Microsoft.Data.Sqlite's own retry) is 1 s here, so a lock of a few seconds is
    // "longer than the busy timeout" several times over.
    private static Action<AcsOptions> ShortBusyTimeout(string directory, Action<AcsOptions>? more = null) => o =>
    {
        o.Database = $"sqlite:Data Source={DatabaseFile(directory)};Default Timeout=1";
        more?.Invoke(o);
    };

    private static string DatabaseFile(string directory) => Path.Combine(directory, "acs.db");

    [Fact]
    public async Task A_database_locked_past_its_busy_timeout_stops_nothing_and_every_acknowledged_inform_is_stored()
    {
        var directory = Directory.CreateTempSubdirectory("acs-resilience-").FullName;
        await using var acs = await TestAcs.StartAsync(ShortBusyTimeout(directory), directory);
        var writer = acs.App.Services.GetRequiredService<TelemetryWriter>();
        await BindAsync(acs, Enumerable.Range(0, 10).Select(i => $"LOCK{i:D3}"));

        await using (var locker = await LockAsync(directory))
        {
            for (var i = 0; i < 10; i++)
            {
                using var cpe = acs.Cpe($"LOCK{i:D3}");
                cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", $"1.0.{i}"));
                Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
                Assert.Equal(204, (await cpe.EmptyAsync()).Status);
            }
            // A new device's first session must write its credential binding: it is told to retry, not given a 500.
            using (var newcomer = acs.Cpe("LOCKNEW"))
            {
                var refused = await newcomer.InformAsync("0 BOOTSTRAP");
                Assert.Equal(503, refused.Status);
                Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
            }
            // The lock is held several busy timeouts long: the writer fails, backs off and fails again.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(10, writer.QueuedCount);
            // The API (WAL readers) keeps answering meanwhile, and the host has not stopped itself.
            using var listing = await acs.Api.GetAsync("api/devices");
            Assert.Equal(200, (int)listing.StatusCode);
            Assert.False(acs.App.Lifetime.ApplicationStopping.IsCancellationRequested, "the host began to stop");
        }

        await TestAcs.EventuallyAsync(async () => (await acs.GetJsonAsync("api/devices")).AsArray()
                .Count(d => ((string?)d!["softwareVersion"])?.StartsWith("1.0.", StringComparison.Ordinal) == true) == 10,
            "all ten Informs answered 200 during the lock to be stored", seconds: 30);
        var device = await acs.GetJsonAsync("api/devices/00D09E-TestPhone-LOCK007");
        Assert.Equal("1.0.7", (string?)device["softwareVersion"]);
        Assert.False(acs.App.Lifetime.ApplicationStopping.IsCancellationRequested, "the host began to stop");
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_retry_after_and_stores_nothing_of_the_refused_inform()
    {
        var directory = Directory.CreateTempSubdirectory("acs-resilience-").FullName;
        await using var acs = await TestAcs.StartAsync(ShortBusyTimeout(directory, o => o.TelemetryQueueBytes = 1 << 20), directory);

        var accepted = new List<string>();
        string? refused = null;
        await BindAsync(acs, Enumerable.Range(0, 5).Select(i => $"FULL{i:D3}"));
        await using (var locker = await LockAsync(directory))
        {
            // Each Inform carries 40 values of 8 KiB (about 640 KiB queued as UTF-16): the second one fills 1 MiB.
            for (var i = 0; i < 5 && refused is null; i++)
            {
                using var cpe = acs.Cpe($"FULL{i:D3}");
                for (var p = 0; p < 40; p++)
                {
                    cpe.InformParameters.Add(($"Device.X_Test.Blob{p}", new string((char)('a' + i), 8192)));
                }
                var reply = await cpe.InformAsync("2 PERIODIC");
                if (reply.Status == 200)
                {
                    Assert.Equal(204, (await cpe.EmptyAsync()).Status);
                    accepted.Add(cpe.DeviceId);
                    continue;
                }
                Assert.Equal(503, reply.Status);
                Assert.True(reply.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
                Assert.DoesNotContain("InformResponse", reply.Body, StringComparison.Ordinal);
                refused = cpe.DeviceId;
            }
        }
        Assert.NotNull(refused);
        Assert.NotEmpty(accepted);

        async Task<int> BlobsAsync(string deviceId)
            => (await acs.GetJsonAsync($"api/devices/{deviceId}/parameters?prefix=Device.X_Test.")).AsArray().Count;
        foreach (var id in accepted)
        {
            await TestAcs.EventuallyAsync(async () => await BlobsAsync(id) == 40, $"the acknowledged Inform of {id} to be stored", seconds: 30);
        }
        await acs.App.Services.GetRequiredService<TelemetryWriter>().FlushAsync();
        Assert.Equal(0, await BlobsAsync(refused!));

        // The refused CPE's retry is welcome once the writer has caught up: no session was left holding it.
        using var retry = acs.Cpe(refused!.Split('-')[2]);
        Assert.Equal(200, (await retry.InformAsync("2 PERIODIC")).Status);
    }

    [Fact]
    public async Task A_graceful_stop_writes_every_queued_inform_even_while_the_database_is_locked_at_first()
    {
        var directory = Directory.CreateTempSubdirectory("acs-resilience-").FullName;
        await using var acs = await TestAcs.StartAsync(ShortBusyTimeout(directory), directory);
        var writer = acs.App.Services.GetRequiredService<TelemetryWriter>();
        var lifetime = acs.App.Lifetime;
        const int count = 200;
        await BindAsync(acs, Enumerable.Range(0, count).Select(i => $"STOP{i:D4}"));
        var locker = await LockAsync(directory);
        for (var i = 0; i < count; i++)
        {
            using var cpe = acs.Cpe($"STOP{i:D4}");
            cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "9.9"));
            Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
            Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        }
        Assert.Equal(count, writer.QueuedCount);

        var stop = acs.StopAsync();
        // The stop is under way (the writer draining against the lock) before the lock goes away.
        await Eventually.TrueAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the stop to begin");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(stop.IsCompleted, "the stop finished while the database was still locked");
        await locker.DisposeAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, writer.QueuedCount);
        await using var check = new SqliteConnection($"Data Source={DatabaseFile(directory)};Pooling=False");
        await check.OpenAsync();
        await using var query = check.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM devices WHERE serial_number LIKE 'STOP%' AND software_version = '9.9';";
        Assert.Equal(count, Convert.ToInt32(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    // A device's first session binds its CWMP credentials, a write that cannot be deferred (while the database is
    // locked such a session gets 503 and retries). The write-behind tests therefore lock the database only after each
    // device has had its first session and everything it wrote has been committed.
    private static async Task BindAsync(TestAcs acs, IEnumerable<string> serials)
    {
        foreach (var serial in serials)
        {
            using var cpe = acs.Cpe(serial);
            cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "0.1"));
            Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
            Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        }
        await acs.App.Services.GetRequiredService<TelemetryWriter>().FlushAsync();
    }

    private static async Task<SqliteConnection> LockAsync(string directory)
    {
        var connection = new SqliteConnection($"Data Source={DatabaseFile(directory)};Default Timeout=1;Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE;";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }
}
