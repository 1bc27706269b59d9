using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>Every /api route but the health check and the login needs a bearer token; logins, lockout, logout, expiry.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Theory]
    [InlineData("GET", "api/devices")]
    [InlineData("GET", "api/devices/00562B-CP8841-X")]
    [InlineData("POST", "api/devices/00562B-CP8841-X/tasks")]
    [InlineData("PUT", "api/config/global")]
    [InlineData("GET", "api/campaigns")]
    [InlineData("DELETE", "api/firmware/abc")]
    [InlineData("GET", "api/audit")]
    [InlineData("POST", "api/users")]
    public async Task Without_a_token_every_route_is_a_401_problem_that_says_how_to_get_one(string method, string path)
    {
        using var anonymous = _acs.Anonymous();
        var (status, body, response) = await OperatorApi.SendWithResponseAsync(anonymous, new HttpMethod(method), path, method == "GET" ? null : "{}");

        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("POST /api/auth/login", (string?)body!["detail"], StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_wrong_token_or_scheme_is_a_401_that_says_what_is_wrong_and_health_needs_nothing()
    {
        using var wrong = _acs.WithToken("acs_not-a-real-token");
        var (status, body) = await OperatorApi.SendAsync(wrong, HttpMethod.Get, "api/devices");
        Assert.Equal(401, status);
        Assert.Contains("not valid", (string?)body!["detail"], StringComparison.Ordinal);

        using var basic = _acs.Anonymous();
        basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "YWRtaW46eA==");
        (status, body) = await OperatorApi.SendAsync(basic, HttpMethod.Get, "api/devices");
        Assert.Equal(401, status);
        Assert.Contains("Bearer TOKEN", (string?)body!["detail"], StringComparison.Ordinal);

        using var anonymous = _acs.Anonymous();
        (status, body) = await OperatorApi.SendAsync(anonymous, HttpMethod.Get, "api/health");
        Assert.Equal(200, status);
        Assert.Equal("ok", (string?)body!["status"]);
    }

    [Fact]
    public async Task Login_gives_a_token_with_its_expiry_and_a_wrong_password_gives_none()
    {
        using var good = await OperatorApi.LoginRawAsync(_acs, "admin", _acs.AdminPassword);
        var body = JsonNode.Parse(await good.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.StartsWith("acs_", (string?)body["token"], StringComparison.Ordinal);
        var expires = DateTimeOffset.Parse((string)body["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8.1));   // Acs:Api:SessionMinutes 480

        using var bad = await OperatorApi.LoginRawAsync(_acs, "admin", "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.DoesNotContain("token", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await OperatorApi.LoginRawAsync(_acs, "nobody", "whatever-password");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task Ten_failed_logins_within_a_minute_lock_the_user_even_against_the_right_password()
    {
        using var victim = await OperatorApi.UserAsync(_acs, "victim", "operator");
        for (var i = 0; i < 10; i++)
        {
            using var failed = await OperatorApi.LoginRawAsync(_acs, "victim", "guess-" + i);
            Assert.True(failed.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"attempt {i}: {failed.StatusCode}");
        }

        using var locked = await OperatorApi.LoginRawAsync(_acs, "victim", OperatorApi.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(14), $"Retry-After {locked.Headers.RetryAfter}");
        // Another user is not affected, and an admin lifts the lock by setting a new password.
        using var admin = await OperatorApi.LoginRawAsync(_acs, "admin", _acs.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var (status, _) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Patch, "api/users/victim", """{"password":"a brand new passphrase"}""");
        Assert.Equal(200, status);
        using var unlocked = await OperatorApi.LoginRawAsync(_acs, "victim", "a brand new passphrase");
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session_at_once()
    {
        using var session = await _acs.LoginAsync("admin", _acs.AdminPassword);
        Assert.Equal(200, (await OperatorApi.SendAsync(session, HttpMethod.Get, "api/devices")).Status);

        Assert.Equal(204, (await OperatorApi.SendAsync(session, HttpMethod.Post, "api/auth/logout")).Status);

        var (status, body) = await OperatorApi.SendAsync(session, HttpMethod.Get, "api/devices");
        Assert.Equal(401, status);
        Assert.Contains("not valid", (string?)body!["detail"], StringComparison.Ordinal);
        Assert.Equal(200, (await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, "api/devices")).Status);   // other sessions live on
    }

    [Fact]
    public async Task An_expired_session_is_refused_and_says_so()
    {
        using var session = await _acs.LoginAsync("admin", _acs.AdminPassword);
        // The session's expiry moved into the past, as Acs:Api:SessionMinutes later would.
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_acs.DataDirectory, "acs.db")}"))
        {
            await db.OpenAsync();
            using var command = db.CreateCommand();
            command.CommandText = "UPDATE operator_tokens SET expires = $past WHERE kind = 'session' AND hash = $hash";
            command.Parameters.AddWithValue("$past", DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$hash", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(session.DefaultRequestHeaders.Authorization!.Parameter!))));
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var (status, body) = await OperatorApi.SendAsync(session, HttpMethod.Get, "api/devices");

        Assert.Equal(401, status);
        Assert.Contains("expired", (string?)body!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_initial_admin_password_file_is_readable_by_the_owner_only_and_survives_a_restart_unchanged()
    {
        var path = Path.Combine(_acs.DataDirectory, "initial-admin-password");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        var password = _acs.AdminPassword;
        Assert.True(password.Length >= 20, "a random password of at least 128 bits");
        // What `$(cat file)` gives a shell: the password and one newline, no byte-order mark.
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(password + "\n"), await File.ReadAllBytesAsync(path));

        await _acs.RestartAsync();

        Assert.Equal(password, _acs.AdminPassword);   // users exist: no second admin, no new file
        var users = (await _acs.GetJsonAsync("api/users")).AsArray();
        Assert.Equal(["admin"], users.Select(u => (string)u!["name"]!));
    }

    [Fact]
    public async Task The_openapi_document_is_open_and_declares_the_bearer_scheme_on_every_operation_but_health_and_login()
    {
        using var anonymous = _acs.Anonymous();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("openapi/v1.json"))!;

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        Assert.NotNull(document["paths"]!["/api/devices"]!["get"]!["security"]);
        Assert.NotNull(document["paths"]!["/api/users"]!["post"]!["security"]);
        Assert.Null(document["paths"]!["/api/health"]!["get"]!["security"]);
        Assert.Null(document["paths"]!["/api/auth/login"]!["post"]!["security"]);
    }

    [Fact]
    public async Task Any_user_changes_its_own_password_by_proving_the_current_one()
    {
        using var viewer = await OperatorApi.UserAsync(_acs, "vera", "viewer");

        var (status, problem) = await OperatorApi.SendAsync(viewer, HttpMethod.Post, "api/auth/password",
            """{"currentPassword":"not it at all","newPassword":"my own long passphrase"}""");
        Assert.Equal(403, status);
        Assert.Contains("currentPassword", (string?)problem!["detail"], StringComparison.Ordinal);
        (status, problem) = await OperatorApi.SendAsync(viewer, HttpMethod.Post, "api/auth/password",
            $$"""{"currentPassword":"{{OperatorApi.Password}}","newPassword":"short"}""");
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["newPassword"]);

        (status, _) = await OperatorApi.SendAsync(viewer, HttpMethod.Post, "api/auth/password",
            $$"""{"currentPassword":"{{OperatorApi.Password}}","newPassword":"my own long passphrase"}""");
        Assert.Equal(204, status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await OperatorApi.LoginRawAsync(_acs, "vera", OperatorApi.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OperatorApi.LoginRawAsync(_acs, "vera", "my own long passphrase")).StatusCode);
    }
}
