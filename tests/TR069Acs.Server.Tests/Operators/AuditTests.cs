using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Operators;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>The audit trail: every change with who, from where, what and the result; refusals and login failures too; never a secret.</summary>
public sealed class AuditTests : IAsyncLifetime
{
    private const string SipPassword = "Sip-Secret-7c1f";
    private TestAcs _acs = null!;
    private string _device = null!;

    public async Task InitializeAsync()
    {
        _acs = await TestAcs.StartAsync();
        _device = await OperatorApi.DeviceAsync(_acs, "00562B04DD5B", "FCH2222AAAA", "lab");
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    private async Task<JsonArray> AuditAsync(string query = "") => (await _acs.GetJsonAsync("api/audit" + query)).AsArray();

    [Fact]
    public async Task A_configuration_change_is_recorded_with_actor_route_target_address_and_status_and_without_the_secret()
    {
        var (status, _) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Put, $"api/config/devices/{_device}",
            $$$"""{"parameters":{"Password_1_":"{{{SipPassword}}}"}}""");
        Assert.Equal(200, status);

        var entries = await AuditAsync();
        var entry = entries.First(e => (string?)e!["action"] == "PUT /api/config/devices/{key}")!;
        Assert.Equal("admin", (string?)entry["actor"]);
        Assert.Equal($"device:{_device}", (string?)entry["target"]);
        Assert.Equal(200, (int?)entry["status"]);
        Assert.Equal("127.0.0.1", (string?)entry["remoteAddress"]);
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse((string)entry["time"]!, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
        Assert.Contains(entries, e => (string?)e!["action"] == "POST /api/devices" && (string?)e["target"] == $"device:{_device}" && (int?)e["status"] == 201);
        Assert.DoesNotContain(SipPassword, entries.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_and_login_failures_are_recorded_and_reads_are_not()
    {
        using var viewer = await OperatorApi.UserAsync(_acs, "vera", "viewer");
        Assert.Equal(403, (await OperatorApi.SendAsync(viewer, HttpMethod.Post, $"api/devices/{_device}/tasks", """{"type":"reboot"}""")).Status);
        using (await OperatorApi.LoginRawAsync(_acs, "vera", "wrong-password-typed"))
        {
        }
        using var anonymous = _acs.Anonymous();
        Assert.Equal(401, (await OperatorApi.SendAsync(anonymous, HttpMethod.Delete, "api/firmware/abc")).Status);

        var entries = await AuditAsync();
        Assert.Contains(entries, e => (string?)e!["actor"] == "vera" && (string?)e["action"] == "POST /api/devices/{id}/tasks" && (int?)e["status"] == 403);
        Assert.Contains(entries, e => (string?)e!["actor"] == "vera" && (string?)e["action"] == "auth.login.failed" && (int?)e["status"] == 401);
        Assert.Contains(entries, e => (string?)e!["actor"] == "vera" && (string?)e["action"] == "auth.login" && (int?)e["status"] == 200);
        Assert.Contains(entries, e => (string?)e!["actor"] == "anonymous" && (string?)e["action"] == "DELETE /api/firmware/{id}" && (int?)e["status"] == 401);
        Assert.DoesNotContain(entries, e => ((string?)e!["action"])!.StartsWith("GET ", StringComparison.Ordinal));
        Assert.DoesNotContain("wrong-password-typed", entries.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(OperatorApi.Password, entries.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_and_paging_and_no_way_to_change_an_entry()
    {
        for (var i = 0; i < 5; i++)
        {
            await OperatorApi.SendAsync(_acs.Api, HttpMethod.Patch, $"api/config/devices/{_device}", $$$"""{"parameters":{"GPP_A":"v{{{i}}}"}}""");
        }
        using var page = await _acs.Api.GetAsync("api/audit?actor=admin&limit=2");
        var first = JsonNode.Parse(await page.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(2, first.Count);
        var next = page.Headers.GetValues("Link").Single();
        Assert.Contains("before=", next, StringComparison.Ordinal);
        var second = (await _acs.GetJsonAsync(next[(next.IndexOf('<') + 2)..next.IndexOf('>')])).AsArray();
        Assert.Equal(2, second.Count);
        Assert.True((long)second[0]!["id"]! < (long)first[1]!["id"]!);
        Assert.Empty(await AuditAsync("?actor=nobody"));
        Assert.Empty(await AuditAsync($"?until={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}"));
        Assert.NotEmpty(await AuditAsync($"?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}"));
        Assert.Equal(400, (await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, "api/audit?since=yesterday")).Status);

        foreach (var method in new[] { HttpMethod.Delete, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Post })
        {
            var (status, _) = await OperatorApi.SendAsync(_acs.Api, method, "api/audit", "{}");
            Assert.True(status == 405, $"{method} /api/audit → {status}");
        }
    }

    [Fact]
    public async Task Other_components_record_cpe_authentication_failures_through_the_audit_log()
    {
        var audit = _acs.App.Services.GetRequiredService<AuditLog>();

        audit.CpeAuthenticationFailed("00D09E-TestPhone-SN9", "127.0.0.9", "no credentials");

        await TestAcs.EventuallyAsync(async () => (await AuditAsync("?actor=cpe:00D09E-TestPhone-SN9")).Any(e =>
            (string?)e!["action"] == "cpe.auth.failed" && (string?)e["remoteAddress"] == "127.0.0.9" && (int?)e["status"] == 401
            && (string?)e["target"] == "device:00D09E-TestPhone-SN9"), "the CPE failure in the audit trail");
    }

    [Fact]
    public async Task Entries_past_the_retention_are_deleted_by_the_server_and_newer_ones_stay()
    {
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_acs.DataDirectory, "acs.db")}"))
        {
            await db.OpenAsync();
            using var command = db.CreateCommand();
            command.CommandText = "INSERT INTO audit_log (time, actor, action) VALUES ($old, 'ancient', 'PUT /api/config/global'), ($recent, 'recent', 'PUT /api/config/global')";
            command.Parameters.AddWithValue("$old", DateTimeOffset.UtcNow.AddDays(-31).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$recent", DateTimeOffset.UtcNow.AddDays(-29).ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync();
        }
        Assert.Single(await AuditAsync("?actor=ancient"));

        // The cleanup runs at every start, then hourly.
        await _acs.StopAsync();
        await using var acs = await TestAcs.StartAsync(o => o.Audit.RetentionDays = 30, _acs.DataDirectory);

        await TestAcs.EventuallyAsync(async () => (await acs.GetJsonAsync("api/audit?actor=ancient")).AsArray().Count == 0, "the 31-day-old entry to go");
        Assert.Single((await acs.GetJsonAsync("api/audit?actor=recent")).AsArray());
    }
}
