using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.CpeAuth;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tests.Operators;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.CpeAuth;

/// <summary>A factory-reset phone comes back with the install's bootstrap credential and <c>0 BOOTSTRAP</c> (issue 15:
/// "a factory reset brings them back"): within the re-admission window opened by the reset it is let in once and bound
/// to fresh credentials; outside it the bootstrap credential still never opens a bound device.</summary>
public sealed class ReadmitTests
{
    private static async Task<ScriptedCpe> BoundAsync(TestAcs acs, string serial)
    {
        var cpe = acs.Cpe(serial);
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        Assert.Equal(1, cpe.BindingsAnswered);
        Assert.NotEqual(CpeAuthOptions.LabBootstrapUsername, cpe.Username);
        return cpe;
    }

    // What the phone does on FactoryReset: it forgets its own credentials and holds the factory pair again.
    private static void ForgetCredentials(ScriptedCpe phone)
    {
        phone.Username = CpeAuthOptions.LabBootstrapUsername;
        phone.Password = CpeAuthOptions.LabBootstrapPassword;
    }

    private static async Task FactoryResetAsync(TestAcs acs, ScriptedCpe phone)
    {
        var task = await acs.QueueAsync(phone.DeviceId, new { type = "factoryReset" });
        Assert.Equal(200, (await phone.InformAsync("6 CONNECTION REQUEST")).Status);
        var request = await phone.EmptyAsync();
        Assert.Equal("FactoryReset", request.Method);
        Assert.Equal(204, (await phone.AnswerAsync(request, "<cwmp:FactoryResetResponse/>")).Status);
        Assert.Equal("done", (string?)(await acs.TaskAsync((long)task["id"]!))["status"]);
        ForgetCredentials(phone);
    }

    private static ScriptedCpe.CpeSecrets Copy(ScriptedCpe phone) => new() { Username = phone.Username, Password = phone.Password };

    private static ScriptedCpe Other(TestAcs acs, ScriptedCpe phone, ScriptedCpe.CpeSecrets secrets)
        => new(acs.CwmpUri, phone.Oui, phone.ProductClass, phone.Serial, Soap.Cwmp12, useCookies: true, secrets);

    private static async Task<JsonArray> AuditOfAsync(TestAcs acs, string deviceId)
        => (await acs.GetJsonAsync($"api/audit?actor={Uri.EscapeDataString("cpe:" + deviceId)}")).AsArray();

    [Fact]
    public async Task After_a_factory_reset_task_the_phone_is_readmitted_once_with_the_bootstrap_credential_and_bound_to_fresh_credentials()
    {
        await using var acs = await TestAcs.StartAsync();
        using var phone = await BoundAsync(acs, "RESET1");
        var old = Copy(phone);

        await FactoryResetAsync(acs, phone);
        Assert.Equal(200, (await phone.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);

        // Bound again: its own user name, a new password, and the binding was answered.
        Assert.Equal(2, phone.BindingsAnswered);
        Assert.Equal(phone.DeviceId, phone.Username);
        Assert.NotEqual(old.Password, phone.Password);
        Assert.NotEqual(CpeAuthOptions.LabBootstrapPassword, phone.Password);
        // The new credentials open it; the old ones and the bootstrap pair (window used) do not.
        Assert.Equal(200, (await phone.InformAsync("2 PERIODIC")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);
        using var stale = Other(acs, phone, old);
        Assert.Equal(401, (await stale.InformAsync("2 PERIODIC")).Status);
        using var again = Other(acs, phone, new ScriptedCpe.CpeSecrets());
        var second = await again.InformAsync("0 BOOTSTRAP", "1 BOOT");
        Assert.Equal(401, second.Status);
        Assert.Contains("bootstrap credential does not open", second.Body, StringComparison.Ordinal);
        // The re-admission is in the audit trail, and so is the refused second use.
        await TestAcs.EventuallyAsync(async () =>
        {
            var entries = await AuditOfAsync(acs, phone.DeviceId);
            return entries.Any(e => (string?)e!["action"] == "cpe.readmitted") && entries.Any(e => (string?)e!["action"] == "cpe.auth.failed");
        }, "the re-admission and the refused second use in the audit trail");
    }

    [Fact]
    public async Task Without_a_window_or_without_0_BOOTSTRAP_the_bootstrap_credential_is_refused_and_audited()
    {
        await using var acs = await TestAcs.StartAsync();
        using var phone = await BoundAsync(acs, "NOWIN1");

        // No reset happened: no window.
        using var noWindow = Other(acs, phone, new ScriptedCpe.CpeSecrets());
        var refused = await noWindow.InformAsync("0 BOOTSTRAP", "1 BOOT");
        Assert.Equal(401, refused.Status);
        Assert.Contains("bootstrap credential does not open", refused.Body, StringComparison.Ordinal);

        // A window is open, but the Inform is not a reset phone's.
        await FactoryResetAsync(acs, phone);
        var notBootstrap = await phone.InformAsync("1 BOOT");
        Assert.Equal(401, notBootstrap.Status);
        await TestAcs.EventuallyAsync(async () => (await AuditOfAsync(acs, phone.DeviceId))
            .Count(e => (string?)e!["action"] == "cpe.auth.failed" && (int?)e["status"] == 401) >= 2, "both refusals in the audit trail");

        // The window is still there for the real reset phone.
        Assert.Equal(200, (await phone.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);
        Assert.Equal(2, phone.BindingsAnswered);
    }

    [Fact]
    public async Task An_expired_window_does_not_open_the_device_and_the_window_survives_a_restart()
    {
        await using var acs = await TestAcs.StartAsync();
        using var phone = await BoundAsync(acs, "EXPIRE1");
        await FactoryResetAsync(acs, phone);

        await acs.RestartAsync();
        // Stored, not held in memory: after the restart the window is still there; now make it an hour old.
        await using (var connection = await acs.App.Services.GetRequiredService<AcsDatabase>().OpenAsync())
        {
            var until = await connection.ExecuteScalarAsync<long?>("SELECT readmit_until FROM cpe_credentials WHERE device_id = @Id", new { Id = phone.DeviceId });
            Assert.True(until > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "the window is stored and still open after a restart");
            await connection.ExecuteAsync("UPDATE cpe_credentials SET readmit_until = @Past WHERE device_id = @Id",
                new { Past = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), Id = phone.DeviceId });
        }
        using var reset = Other(acs, phone, new ScriptedCpe.CpeSecrets());
        var refused = await reset.InformAsync("0 BOOTSTRAP", "1 BOOT");

        Assert.Equal(401, refused.Status);
        Assert.Contains("bootstrap credential does not open", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readmit_endpoint_opens_a_window_for_a_phone_reset_by_hand_and_needs_the_operator_role()
    {
        await using var acs = await TestAcs.StartAsync();
        using var phone = await BoundAsync(acs, "BUTTON1");
        var old = Copy(phone);

        using var viewer = await OperatorApi.UserAsync(acs, "vera", "viewer");
        var (forbidden, _) = await OperatorApi.SendAsync(viewer, HttpMethod.Post, $"api/devices/{phone.DeviceId}/cwmp-credentials/readmit");
        Assert.Equal(403, forbidden);
        // The viewer opened nothing: the reset phone is still locked out.
        ForgetCredentials(phone);
        Assert.Equal(401, (await phone.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);

        var before = DateTimeOffset.UtcNow;
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, $"api/devices/{phone.DeviceId}/cwmp-credentials/readmit");
        Assert.Equal(200, status);
        var until = DateTimeOffset.Parse((string)body!["until"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(until, before.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));

        Assert.Equal(200, (await phone.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);
        Assert.Equal(2, phone.BindingsAnswered);
        Assert.NotEqual(old.Password, phone.Password);
        Assert.Equal(200, (await phone.InformAsync("2 PERIODIC")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);

        await TestAcs.EventuallyAsync(async () => (await acs.GetJsonAsync("api/audit?actor=admin")).AsArray()
            .Any(e => (string?)e!["action"] == "POST /api/devices/{id}/cwmp-credentials/readmit" && (string?)e["target"] == "device:" + phone.DeviceId
                && (int?)e["status"] == 200), "the readmit call in the audit trail");
    }

    [Fact]
    public async Task With_a_zero_window_a_factory_reset_opens_nothing_and_the_endpoint_says_re_admission_is_off()
    {
        await using var acs = await TestAcs.StartAsync(o => o.CpeAuth.ReadmitWindow = TimeSpan.Zero);
        using var phone = await BoundAsync(acs, "ZERO1");

        await FactoryResetAsync(acs, phone);
        Assert.Equal(401, (await phone.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, $"api/devices/{phone.DeviceId}/cwmp-credentials/readmit");

        Assert.Equal(409, status);
        Assert.Contains("Acs:CpeAuth:ReadmitWindow", (string?)body!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readmitting_an_unknown_device_is_404()
    {
        await using var acs = await TestAcs.StartAsync();

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices/00D09E-TestPhone-NOPE/cwmp-credentials/readmit");

        Assert.Equal(404, status);
        Assert.Contains("NOPE", body!.ToJsonString(), StringComparison.Ordinal);
    }
}
