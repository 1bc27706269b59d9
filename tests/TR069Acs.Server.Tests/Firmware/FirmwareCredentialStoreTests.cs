using TR069Acs.Server.Files;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Firmware;

/// <summary>Per-download credentials on a real SQLite file, with a clock the test moves.</summary>
public sealed class FirmwareCredentialStoreTests : IAsyncLifetime
{
    private const string ImageA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string ImageB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private readonly TestDatabase _db = new();
    private readonly ManualTime _time = new();
    private FirmwareCredentialStore _store = null!;

    public async Task InitializeAsync()
    {
        await _db.Migrations.ApplyAsync();
        _store = new FirmwareCredentialStore(_db.Database, _time);
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_credential_opens_its_image_until_it_expires()
    {
        var expires = _time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds();
        await _store.AddAsync("fw-1", "secret", ImageA, "dev", "dl-1", expires, CancellationToken.None);

        Assert.Equal(FirmwareCredentialCheck.Accepted, await _store.CheckAsync("fw-1", "secret", ImageA, CancellationToken.None));
        Assert.Equal(FirmwareCredentialCheck.OtherImage, await _store.CheckAsync("fw-1", "secret", ImageB, CancellationToken.None));
        Assert.Equal(FirmwareCredentialCheck.Refused, await _store.CheckAsync("fw-1", "Secret", ImageA, CancellationToken.None));

        _time.Now += TimeSpan.FromMinutes(11);
        Assert.Equal(FirmwareCredentialCheck.Refused, await _store.CheckAsync("fw-1", "secret", ImageA, CancellationToken.None));
    }

    [Fact]
    public async Task A_user_name_given_to_several_tasks_opens_each_image_with_its_own_password()
    {
        var expires = _time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds();
        await _store.AddAsync("tech", "for-a", ImageA, "dev-1", null, expires, CancellationToken.None);
        await _store.AddAsync("tech", "for-b", ImageB, "dev-2", null, expires, CancellationToken.None);

        Assert.Equal(FirmwareCredentialCheck.Accepted, await _store.CheckAsync("tech", "for-a", ImageA, CancellationToken.None));
        Assert.Equal(FirmwareCredentialCheck.Accepted, await _store.CheckAsync("tech", "for-b", ImageB, CancellationToken.None));
        Assert.Equal(FirmwareCredentialCheck.OtherImage, await _store.CheckAsync("tech", "for-b", ImageA, CancellationToken.None));
    }

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
