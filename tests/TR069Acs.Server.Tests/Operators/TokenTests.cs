using Microsoft.Data.Sqlite;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>API tokens: shown once, stored as a hash, their own role, revoked at once.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task A_token_is_shown_once_stored_as_a_hash_and_revoked_for_the_very_next_request()
    {
        var (status, created) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/tokens", """{"name":"oss","role":"operator","expiresInDays":30}""");
        Assert.Equal(201, status);
        var token = (string)created!["token"]!;
        var id = (string)created["id"]!;
        Assert.InRange(DateTimeOffset.Parse((string)created["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow,
            TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));

        var (_, list) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, "api/tokens");
        Assert.Equal(id, (string?)list!.AsArray().Single()!["id"]);
        Assert.DoesNotContain(token, list.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(_acs.DataDirectory, "acs.db")), StringComparison.Ordinal);

        using var oss = _acs.WithToken(token);
        Assert.Equal(200, (await OperatorApi.SendAsync(oss, HttpMethod.Get, "api/devices")).Status);
        Assert.Equal(200, (await OperatorApi.SendAsync(oss, HttpMethod.Put, "api/config/global", """{"parameters":{"GPP_A":"by-oss"}}""")).Status);
        Assert.Equal(403, (await OperatorApi.SendAsync(oss, HttpMethod.Get, "api/users")).Status);

        Assert.Equal(204, (await OperatorApi.SendAsync(_acs.Api, HttpMethod.Delete, $"api/tokens/{id}")).Status);

        var (refused, problem) = await OperatorApi.SendAsync(oss, HttpMethod.Get, "api/devices");
        Assert.Equal(401, refused);
        Assert.Contains("revoked", (string?)problem!["detail"], StringComparison.Ordinal);
        Assert.Equal(404, (await OperatorApi.SendAsync(_acs.Api, HttpMethod.Delete, $"api/tokens/{id}")).Status);
    }

    [Fact]
    public async Task A_viewer_token_reads_only_and_an_expired_token_is_refused()
    {
        var (_, created) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/tokens", """{"name":"dashboard","role":"viewer"}""");
        using var dashboard = _acs.WithToken((string)created!["token"]!);
        Assert.Equal(200, (await OperatorApi.SendAsync(dashboard, HttpMethod.Get, "api/campaigns")).Status);
        Assert.Equal(403, (await OperatorApi.SendAsync(dashboard, HttpMethod.Put, "api/config/global", """{"parameters":{"GPP_A":"x"}}""")).Status);
        Assert.Null(created["expiresAt"]);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_acs.DataDirectory, "acs.db")}"))
        {
            await db.OpenAsync();
            using var command = db.CreateCommand();
            command.CommandText = "UPDATE operator_tokens SET expires = $past WHERE id = $id";
            command.Parameters.AddWithValue("$past", DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$id", (string)created["id"]!);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var (status, problem) = await OperatorApi.SendAsync(dashboard, HttpMethod.Get, "api/campaigns");
        Assert.Equal(401, status);
        Assert.Contains("expired", (string?)problem!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_token_requests_name_the_member()
    {
        var (status, problem) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/tokens", """{"role":"operator"}""");
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["name"]);
        (status, problem) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/tokens", """{"name":"x","role":"root"}""");
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["role"]);
        (status, problem) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/tokens", """{"name":"x","role":"viewer","expiresAt":"2001-01-01T00:00:00Z"}""");
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["expiresAt"]);
        (status, _) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/tokens", "not json");
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task A_scoped_token_sees_only_its_tags_devices()
    {
        var mine = await OperatorApi.DeviceAsync(_acs, "00562B04DD01", "FCH00000001", "site-a");
        var theirs = await OperatorApi.DeviceAsync(_acs, "00562B04DD02", "FCH00000002", "site-b");
        var (_, created) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/tokens",
            """{"name":"site-a-oss","role":"operator","scope":{"tags":["site-a"]}}""");
        Assert.Equal(["site-a"], created!["scope"]!["tags"]!.AsArray().Select(t => (string)t!));
        using var oss = _acs.WithToken((string)created["token"]!);

        var (_, list) = await OperatorApi.SendAsync(oss, HttpMethod.Get, "api/devices");
        Assert.Equal([mine], list!.AsArray().Select(d => (string)d!["id"]!));
        Assert.Equal(404, (await OperatorApi.SendAsync(oss, HttpMethod.Post, $"api/devices/{theirs}/tasks", """{"type":"reboot"}""")).Status);
        Assert.Equal(201, (await OperatorApi.SendAsync(oss, HttpMethod.Post, $"api/devices/{mine}/tasks", """{"type":"reboot"}""")).Status);
    }
}
