using TR069Acs.Server.Campaigns;
using TR069Acs.Server.Tests.Storage;

namespace TR069Acs.Server.Tests.Campaigns;

/// <summary>Campaign attempts under concurrent writers on SQLite.</summary>
public sealed class SqliteCampaignStoreRaceTests : CampaignStoreRaceTests<SqliteProvider>;

/// <summary>Campaign attempts under concurrent writers on PostgreSQL (no single writer to hide a race).</summary>
public sealed class PostgresCampaignStoreRaceTests : CampaignStoreRaceTests<PostgresProvider>;

/// <summary>Every state transition of an attempt happens once however many writers race for it, on every provider.</summary>
public abstract class CampaignStoreRaceTests<TProvider> : StoreTests<TProvider> where TProvider : StoreProvider, new()
{
    [StoreFact]
    public async Task Counts_stay_exact_when_TransferCompletes_and_Informs_race_and_repeat()
    {
        var store = new CampaignStore(Db.Database);
        var id = await store.InsertAsync(CampaignStoreTests.Definition, "12.0.2", 1, default);
        const int Devices = 40;
        Assert.True(await store.StartAsync(id, [.. Enumerable.Range(0, Devices).Select(i => new Member($"dev-{i:00}", 0, null))], 2, default));
        var claims = await store.ClaimAsync(id, await store.PendingCandidatesAsync(id, 0, 3, 1000, default), 3, default);
        Assert.Equal(Devices, claims.Count);

        // Every device: its TransferComplete twice (the CPE re-sends an unacknowledged one) and its Inform twice, all at
        // once; every fourth device reports a fault instead, also twice.
        var changes = await Task.WhenAll(claims.SelectMany(c =>
        {
            var faulty = int.Parse(c.DeviceId[4..], System.Globalization.CultureInfo.InvariantCulture) % 4 == 0;
            return Enumerable.Range(0, 2).SelectMany(_ => faulty
                ? new[] { Run(async () => await store.FailAttemptAsync(id, c.DeviceId, c.CommandKey, "9010 refused", 1, 10, 10, default) is not null) }
                : [Run(() => store.TransferSucceededAsync(id, c.DeviceId, c.CommandKey, 10, default)), Run(() => store.VersionSeenAsync(id, c.CommandKey, 10, default))]);
        }));

        var counts = await store.CountsAsync(id, default);
        Assert.Equal(new CampaignCounts(Devices, 0, 0, 30, 10, 0), counts);
        // Each transition happened exactly once: 30 TransferCompletes, 30 Informs, 10 faults.
        Assert.Equal(70, changes.Count(changed => changed));
        Assert.Equal(30, (await store.ListDevicesAsync(id, DeviceState.Succeeded, 100, 0, default)).Count(d => d.TransferOk is not null && d.VersionSeen is not null));
    }

    [StoreFact]
    public async Task An_attempt_is_claimed_once_however_many_claim_it_at_once()
    {
        var store = new CampaignStore(Db.Database);
        var id = await store.InsertAsync(CampaignStoreTests.Definition, "12.0.2", 1, default);
        Assert.True(await store.StartAsync(id, [new Member("a", 0, null), new Member("b", 0, null)], 2, default));
        var candidates = await store.PendingCandidatesAsync(id, 0, 3, 10, default);

        var rounds = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.ClaimAsync(id, candidates, 3, default))));
        var claims = rounds.SelectMany(r => r).ToList();
        Assert.Equal(["campaign:1:1:1", "campaign:1:2:1"], claims.Select(c => c.CommandKey).Order(StringComparer.Ordinal));
    }

    private static Task<bool> Run(Func<Task<bool>> action) => Task.Run(action);
}
