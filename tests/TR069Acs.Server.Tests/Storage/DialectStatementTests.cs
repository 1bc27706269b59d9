using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using TR069Acs.Server.Campaigns;
using TR069Acs.Server.Cluster;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.CpeAuth;
using TR069Acs.Server.Files;
using TR069Acs.Server.Provisioning;

namespace TR069Acs.Server.Tests.Storage;

/// <summary>The dialect's statements on SQLite.</summary>
public sealed class SqliteDialectStatementTests : DialectStatementTests<SqliteProvider>;

/// <summary>The dialect's statements on PostgreSQL.</summary>
public sealed class PostgresDialectStatementTests : DialectStatementTests<PostgresProvider>;

/// <summary>Each statement that differs by provider (upserts, insert-if-absent, generated keys, paging, null-safe and
/// case-insensitive comparisons), through the store that owns it, with the outcome a user of that store relies on.</summary>
public abstract class DialectStatementTests<TProvider> : StoreTests<TProvider> where TProvider : StoreProvider, new()
{
    [StoreFact]
    public async Task Cpe_credentials_bind_once_pre_register_over_and_accept_only_the_pair_sent_even_when_null()
    {
        var store = new CpeCredentialStore(Db.Database, Db.Protector, TimeProvider.System);

        var bound = await store.BindNewAsync("DEV", "cr-user", default);
        var again = await store.BindNewAsync("DEV", "other-cr-user", default);
        Assert.Equal(bound.NextPassword, again.NextPassword);
        Assert.Equal("cr-user", again.CrUsername);

        await store.PreRegisterAsync("DEV", "own-user", "own-password-1", "cr-2", given: true, default);
        var registered = (await store.GetAsync("DEV", default))!;
        Assert.Equal(("own-user", "own-password-1", "cr-2", false), (registered.Username, registered.NextPassword, registered.CrUsername, registered.Bootstrap));

        // A stale pair (rotated meanwhile) is not accepted; the pair sent is, including its NULL-equal members.
        Assert.False(await store.AcceptAsync(bound, default));
        Assert.True(await store.AcceptAsync(registered, default));
        var accepted = (await store.GetAsync("DEV", default))!;
        Assert.Equal(("own-password-1", (string?)null, false), (accepted.Password, accepted.NextPassword, accepted.Push));
        Assert.True(await store.AcceptAsync(accepted, default), "a pair whose next members are both NULL matches NULL = NULL");
    }

    [StoreFact]
    public async Task Configuration_values_upsert_model_scopes_ignore_case_and_history_pages_newest_first()
    {
        var store = new ConfigStore(Db.Database, Db.Secrets);
        var scope = new ConfigScope(ConfigScopeKind.Model, "CP-8841-3PCC");
        for (var i = 1; i <= 3; i++)
        {
            await store.WriteScopeAsync(scope, new Dictionary<string, string?> { ["Primary_NTP_Server"] = $"ntp{i}.example.net" }, replace: false, i,
                history: new ConfigHistoryDraft("tester", "patch", null, [], new Dictionary<string, string> { ["Primary_NTP_Server"] = $"ntp{i}.example.net" }, 0));
        }
        Assert.Equal("ntp3.example.net", (await store.GetScopeAsync(scope))["Primary_NTP_Server"]);
        Assert.Equal([3, 2], (await store.GetHistoryAsync(scope, null, 2)).Select(v => v.Version));
        Assert.Equal([1], (await store.GetHistoryAsync(scope, 2, 2)).Select(v => v.Version));

        await InsertDeviceAsync("D1", "cp-8841-3pcc");
        await InsertDeviceAsync("D2", "CP-7841");
        Assert.Equal(["D1"], (await store.DevicesInScopeAsync(scope)).Select(d => d.Id));
    }

    [StoreFact]
    public async Task Phone_config_state_keeps_the_latest_confirmation_and_reconciliation_upserts()
    {
        var store = new PhoneConfigStateStore(Db.Database, Db.Secrets);
        await store.WriteAsync("DEV", [new PhoneConfigState { Name = "Line_Enable_1_", Value = "Yes", Origin = "set", Seen = 10, Confirmed = 10 }]);
        await store.WriteAsync("DEV", [new PhoneConfigState { Name = "Line_Enable_1_", Value = "No", Origin = "inform", Drifted = true, Seen = 20, Confirmed = 0 }]);

        var state = (await store.GetAsync("DEV"))["Line_Enable_1_"];
        Assert.Equal(("No", "inform", true, 20L, 10L), (state.Value, state.Origin, state.Drifted, state.Seen, state.Confirmed));

        await store.MarkReconciledAsync("DEV", 100);
        await store.MarkReconciledAsync("DEV", 200);
        Assert.Equal(200, await store.ReconciledAsync("DEV"));
    }

    [StoreFact]
    public async Task Activation_codes_get_generated_ids_and_secure_provisioning_turns_on_once()
    {
        var codes = new ActivationCodeStore(Db.Database);
        var ids = await codes.InsertAsync([new("hash-1", "AAAA"), new("hash-2", "BBBB")], new ActivationCodeRow { Created = 1, Expires = 2 }, default);
        Assert.Equal(2, ids.Distinct().Count());
        Assert.Equal("BBBB", (await codes.GetAsync(ids[1], default))!.Prefix);

        var signals = new ClusterSignals(new AcsNode(new AcsOptions { NodeId = "store-test" }, Db.Database), new ClusterChangeStore(Db.Database), TimeProvider.System,
            NullLogger<ClusterSignals>.Instance);
        using var secure = new SecureProvisioningStore(Db.Database, Db.Protector, signals);
        Assert.True(await secure.InsertAsync("DEV", new string('a', 64), "dir-one", 1, default));
        Assert.False(await secure.InsertAsync("DEV", new string('b', 64), "dir-two", 2, default));
        Assert.Equal(("dir-one", new string('a', 64)), ((await secure.GetAsync("DEV", default))!.Directory, (await secure.GetAsync("DEV", default))!.KeyText));
    }

    [StoreFact]
    public async Task Profile_fetches_upsert_and_firmware_credentials_check_the_newest_candidates()
    {
        await using (var fetches = new ProfileFetchStore(Db.Database, NullLogger<ProfileFetchStore>.Instance))
        {
            await fetches.RecordAsync(new ProfileFetch("DEV", 1, "GET", "a.xml", "192.0.2.1", null, null, null));
            await fetches.RecordAsync(new ProfileFetch("DEV", 2, "POST", "b.xml", "192.0.2.2", "Cisco/CP-8841", "12.0.1", "ok"));
        }
        await using (var reader = new ProfileFetchStore(Db.Database, NullLogger<ProfileFetchStore>.Instance))
        {
            var fetch = (await reader.GetAsync("DEV"))!;
            Assert.Equal((2L, "POST", "b.xml", "192.0.2.2"), (fetch.Fetched, fetch.Method, fetch.FileName, fetch.RemoteAddress));
        }

        var credentials = new FirmwareCredentialStore(Db.Database, TimeProvider.System);
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        await credentials.AddAsync("fw-user", "fw-password", new string('1', 64), "DEV", "ck", expires, default);
        Assert.Equal(FirmwareCredentialCheck.Accepted, await credentials.CheckAsync("fw-user", "fw-password", new string('1', 64), default));
        Assert.Equal(FirmwareCredentialCheck.OtherImage, await credentials.CheckAsync("fw-user", "fw-password", new string('2', 64), default));
    }

    [StoreFact]
    public async Task Campaign_membership_matches_models_ignoring_case_and_campaigns_get_generated_ids()
    {
        await InsertDeviceAsync("D1", "CP-8841-3PCC");
        await InsertDeviceAsync("D2", "cp-8841-3pcc");
        await InsertDeviceAsync("D3", "CP-7841");
        var campaigns = new CampaignStore(Db.Database);
        var first = await campaigns.InsertAsync(Campaigns.CampaignStoreTests.Definition, "12.0.2", 1, default);
        var second = await campaigns.InsertAsync(Campaigns.CampaignStoreTests.Definition, "12.0.2", 1, default);
        Assert.NotEqual(first, second);

        var loader = new MembershipLoader(Db.Database, campaigns);
        var selected = await loader.LoadAsync(first, new DeviceSelector(null, ["Cp-8841-3PCC"], null, null, null, null), default);

        Assert.Equal(["D1", "D2"], selected.Select(d => d.Id));
    }

    private async Task InsertDeviceAsync(string id, string model)
    {
        await using var connection = await Db.Database.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO devices (id, oui, product_class, serial_number, manufacturer, first_seen, last_inform)
            VALUES (@Id, '00562B', @Model, @Id, 'Cisco', 1, 1)
            """, new { Id = id, Model = model });
    }
}
