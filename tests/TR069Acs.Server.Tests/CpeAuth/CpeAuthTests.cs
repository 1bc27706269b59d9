using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.Server.CpeAuth;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.CpeAuth;

/// <summary>Phones authenticate on CWMP (issue 9 §1): each known device is bound to its own credentials, and a session
/// that does not prove them changes nothing.</summary>
public sealed class CpeAuthTests
{
    private const string LegitVersion = "sip88xx.12-0-1";
    private const string LegitUrl = "http://127.0.0.1:7/cr/legit";

    private static async Task<ScriptedCpe> BoundAsync(TestAcs acs, string serial)
    {
        var cpe = acs.Cpe(serial);
        cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", LegitVersion));
        cpe.InformParameters.Add(("Device.ManagementServer.ConnectionRequestURL", LegitUrl));
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        Assert.Equal(1, cpe.BindingsAnswered);
        await TestAcs.EventuallyAsync(async () => (await acs.Api.GetAsync($"api/devices/{cpe.DeviceId}")).IsSuccessStatusCode, $"{serial} registered");
        return cpe;
    }

    /// <summary>An attacker's CPE claiming <paramref name="serial"/>, reporting a version and a Connection Request URL of its own.</summary>
    private static ScriptedCpe Forger(TestAcs acs, string serial, ScriptedCpe.CpeSecrets secrets)
    {
        var forger = new ScriptedCpe(acs.CwmpUri, "00D09E", "TestPhone", serial, Soap.Cwmp12, useCookies: true, secrets);
        forger.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "6.6.6-evil"));
        forger.InformParameters.Add(("Device.ManagementServer.ConnectionRequestURL", "http://attacker.example/cr"));
        return forger;
    }

    // Informs are written behind, in order: once a later device is visible, anything accepted before it would be too.
    private static async Task FlushAsync(TestAcs acs)
    {
        using var probe = acs.Cpe("PROBE" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(200, (await probe.InformAsync()).Status);
        await probe.EmptyAsync();
        await TestAcs.EventuallyAsync(async () => (await acs.Api.GetAsync($"api/devices/{probe.DeviceId}")).IsSuccessStatusCode, "the probe device");
    }

    private static async Task AssertUntouchedAsync(TestAcs acs, ScriptedCpe victim, long taskId)
    {
        await FlushAsync(acs);
        var device = await acs.GetJsonAsync($"api/devices/{victim.DeviceId}");
        Assert.Equal(LegitVersion, (string?)device["softwareVersion"]);
        Assert.Equal(LegitUrl, (string?)device["connectionRequestUrl"]);
        Assert.Equal("queued", (string?)(await acs.TaskAsync(taskId))["status"]);
        Assert.Equal(0, (int)(await acs.TaskAsync(taskId))["attempts"]!);
    }

    [Fact]
    public async Task Forged_informs_for_a_bound_phone_without_credentials_with_the_bootstrap_credential_or_a_wrong_password_change_nothing()
    {
        await using var acs = await TestAcs.StartAsync();
        using var victim = await BoundAsync(acs, "VICTIM");
        var task = await acs.QueueAsync(victim.DeviceId, new { type = "getRPCMethods" });

        using var anonymous = Forger(acs, "VICTIM", new ScriptedCpe.CpeSecrets());
        anonymous.Authenticate = false;
        var none = await anonymous.InformAsync("6 CONNECTION REQUEST");
        using var bootstrap = Forger(acs, "VICTIM", new ScriptedCpe.CpeSecrets());
        var withBootstrap = await bootstrap.InformAsync("6 CONNECTION REQUEST");
        using var guesser = Forger(acs, "VICTIM", new ScriptedCpe.CpeSecrets { Username = victim.DeviceId, Password = "a-wrong-password" });
        var wrong = await guesser.InformAsync("6 CONNECTION REQUEST");

        Assert.Equal(401, none.Status);
        Assert.Equal(401, withBootstrap.Status);
        Assert.Contains("bootstrap credential does not open", withBootstrap.Body, StringComparison.Ordinal);
        Assert.Equal(401, wrong.Status);
        Assert.All(new[] { none, withBootstrap, wrong }, r => Assert.False(r.Headers.Contains("Set-Cookie"), "no session cookie for a refused Inform"));
        // The empty POST that would fetch the queued task finds no session.
        Assert.Equal(204, (await guesser.EmptyAsync()).Status);
        await AssertUntouchedAsync(acs, victim, (long)task["id"]!);
        // Each refusal is in the operator audit trail, with the claimed device and the source address.
        await TestAcs.EventuallyAsync(async () => (await acs.GetJsonAsync($"api/audit?actor={Uri.EscapeDataString("cpe:" + victim.DeviceId)}"))
            .AsArray().Count(e => (string?)e!["action"] == "cpe.auth.failed" && (int?)e["status"] == 401
                && (string?)e["remoteAddress"] == "127.0.0.1" && (string?)e["target"] == "device:" + victim.DeviceId) >= 3,
            "the three refused Informs in the audit trail");

        // The real phone still gets in, and gets its task.
        Assert.Equal(200, (await victim.InformAsync("2 PERIODIC")).Status);
        Assert.Equal("GetRPCMethods", (await victim.EmptyAsync()).Method);
    }

    [Fact]
    public async Task The_first_session_binds_random_per_device_credentials_stored_encrypted_and_only_they_open_the_device_afterwards()
    {
        await using var acs = await TestAcs.StartAsync();
        using var first = await BoundAsync(acs, "BIND1");
        using var second = await BoundAsync(acs, "BIND2");

        Assert.Equal(first.DeviceId, first.Username);
        Assert.True(first.Password.Length >= 22, "at least 128 random bits");
        Assert.NotEqual(first.Password, second.Password);
        Assert.NotEqual(first.ConnectionRequestPassword, second.ConnectionRequestPassword);
        Assert.NotEqual(CpeAuthOptions.LabBootstrapPassword, first.Password);
        // The next session uses them (no binding again), and the bootstrap pair no longer works for this device.
        Assert.Equal(200, (await first.InformAsync()).Status);
        Assert.Equal(204, (await first.EmptyAsync()).Status);
        Assert.Equal(1, first.BindingsAnswered);
        using var replay = Forger(acs, "BIND1", new ScriptedCpe.CpeSecrets());
        Assert.Equal(401, (await replay.InformAsync()).Status);

        await acs.StopAsync();
        var bytes = string.Concat(Directory.GetFiles(acs.DataDirectory, "acs.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(first.Password, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(first.ConnectionRequestPassword!, bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_authenticated_as_A_that_informs_as_B_is_refused_with_403_and_changes_nothing()
    {
        await using var acs = await TestAcs.StartAsync();
        using var a = await BoundAsync(acs, "PHONEA");
        using var b = await BoundAsync(acs, "PHONEB");
        var task = await acs.QueueAsync(b.DeviceId, new { type = "getRPCMethods" });

        using var aAsB = Forger(acs, "PHONEB", a.Secrets);
        var refused = await aAsB.InformAsync();

        Assert.Equal(403, refused.Status);
        Assert.Contains($"authenticated as device {a.DeviceId}", refused.Body, StringComparison.Ordinal);
        await AssertUntouchedAsync(acs, b, (long)task["id"]!);
    }

    [Fact]
    public async Task PreRegistered_admission_refuses_unknown_devices_and_admits_pre_registered_ones_with_their_credentials()
    {
        await using var acs = await TestAcs.StartAsync(o => o.CpeAuth.Admission = CpeAdmission.PreRegistered);
        using var stranger = acs.Cpe("STRANGER");
        var refused = await stranger.InformAsync("0 BOOTSTRAP");
        Assert.Equal(403, refused.Status);
        Assert.Contains("not pre-registered", refused.Body, StringComparison.Ordinal);

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices",
            """{"mac":"0023EB000777","serial":"FCHPRE0001","model":"CP-8841-3PCC","cwmpUsername":"lab-phone-7","cwmpPassword":"given-out-of-band-123"}""");
        Assert.Equal(201, status);
        Assert.Equal("lab-phone-7", (string?)body!["cwmpCredentials"]!["username"]);
        Assert.Null(body["cwmpCredentials"]!["password"]);
        var (generatedStatus, generated, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices",
            """{"mac":"0023EB000778","serial":"FCHPRE0002","model":"CP-8841-3PCC"}""");
        Assert.Equal(201, generatedStatus);
        Assert.True(((string?)generated!["cwmpCredentials"]!["password"])!.Length >= 22);
        Assert.Null((await acs.GetJsonAsync("api/devices/0023EB-CP-8841-3PCC-FCHPRE0002"))["cwmpCredentials"]);

        using var phone = new ScriptedCpe(acs.CwmpUri, "0023EB", "CP-8841-3PCC", "FCHPRE0001", Soap.Cwmp12, true,
            new ScriptedCpe.CpeSecrets { Username = "lab-phone-7", Password = "given-out-of-band-123" });
        Assert.Equal(200, (await phone.InformAsync("0 BOOTSTRAP")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);
        Assert.Equal("given-out-of-band-123", phone.Password);
        Assert.NotNull(phone.ConnectionRequestPassword);
        using var bootstrap = new ScriptedCpe(acs.CwmpUri, "0023EB", "CP-8841-3PCC", "FCHPRE0002", Soap.Cwmp12, true, new ScriptedCpe.CpeSecrets());
        Assert.Equal(401, (await bootstrap.InformAsync()).Status);
    }

    [Fact]
    public async Task Pre_registration_refuses_an_unusable_password_and_stores_nothing()
    {
        await using var acs = await TestAcs.StartAsync();

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices",
            """{"mac":"0023EB000779","serial":"FCHPRE0003","model":"CP-8841-3PCC","cwmpPassword":"short"}""");

        Assert.Equal(400, status);
        Assert.Contains("cwmpPassword", body!.ToJsonString(), StringComparison.Ordinal);
        using var missing = await acs.Api.GetAsync("api/devices/0023EB-CP-8841-3PCC-FCHPRE0003");
        Assert.Equal(404, (int)missing.StatusCode);
    }

    [Fact]
    public async Task Open_admission_lets_a_new_device_in_without_credentials_then_binds_it()
    {
        await using var acs = await TestAcs.StartAsync(o => o.CpeAuth.Admission = CpeAdmission.Open);
        using var cpe = acs.Cpe("OPEN1");
        cpe.Authenticate = false;

        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        using var anonymous = Forger(acs, "OPEN1", new ScriptedCpe.CpeSecrets());
        anonymous.Authenticate = false;
        Assert.Equal(401, (await anonymous.InformAsync()).Status);
        cpe.Authenticate = true;
        Assert.Equal(200, (await cpe.InformAsync()).Status);
    }

    [Fact]
    public async Task Off_mode_believes_anyone()
    {
        await using var acs = await TestAcs.StartAsync(o => o.CpeAuth.Mode = CpeAuthMode.Off);
        using var cpe = await BoundAsync(acs, "LAB1");

        using var anonymous = Forger(acs, "LAB1", new ScriptedCpe.CpeSecrets());
        anonymous.Authenticate = false;

        Assert.Equal(200, (await anonymous.InformAsync()).Status);
    }

    [Fact]
    public async Task Repeated_failures_from_one_address_are_refused_with_429_for_a_while()
    {
        await using var acs = await TestAcs.StartAsync(o =>
        {
            o.CpeAuth.LockoutAfterFailures = 5;
            o.CpeAuth.SlowDownAfterFailures = 100;
        });
        using var victim = await BoundAsync(acs, "LOCK1");
        using var guesser = Forger(acs, "LOCK1", new ScriptedCpe.CpeSecrets { Username = victim.DeviceId, Password = "guess-number-n" });

        // The scripted CPE answers each challenge, at most twice per message: 2 failures, then 3 (with its cached nonce first).
        Assert.Equal(401, (await guesser.InformAsync()).Status);
        Assert.Equal(401, (await guesser.InformAsync()).Status);
        var locked = await guesser.InformAsync();
        // Even the right credentials from that address wait out the lockout.
        var legit = await victim.InformAsync();

        Assert.Equal(429, locked.Status);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(429, legit.Status);
        Assert.True(acs.App.Services.GetService(typeof(CpeAuthThrottle)) is CpeAuthThrottle { Failures: 5, Refusals: >= 2 });
    }

    [Fact]
    public async Task Rotation_keeps_the_old_pair_valid_until_the_phone_accepted_the_new_one_even_when_its_answer_is_lost()
    {
        await using var acs = await TestAcs.StartAsync();
        using var phone = await BoundAsync(acs, "ROTATE1");
        var old = new ScriptedCpe.CpeSecrets { Username = phone.Username, Password = phone.Password };

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, $"api/devices/{phone.DeviceId}/cwmp-credentials/rotate");
        Assert.Equal(202, status);
        Assert.DoesNotContain(old.Password, body!.ToJsonString(), StringComparison.Ordinal);

        // The phone applies the new pair but its answer never reaches the ACS.
        phone.AnswerBinding = false;
        Assert.Equal(200, (await phone.InformAsync()).Status);
        var binding = await phone.EmptyAsync();
        Assert.StartsWith("acs-bind-", binding.CwmpId, StringComparison.Ordinal);
        phone.AdoptCredentials(binding);
        Assert.NotEqual(old.Password, phone.Password);

        // Next session: the new pair works, and the ACS sends it again; this time the answer arrives.
        phone.AnswerBinding = true;
        Assert.Equal(200, (await phone.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);
        Assert.Equal(2, phone.BindingsAnswered);

        using var stale = Forger(acs, "ROTATE1", old);
        Assert.Equal(401, (await stale.InformAsync()).Status);
        Assert.Equal(200, (await phone.InformAsync()).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);
    }

    [Fact]
    public async Task Rotating_an_unknown_device_is_404()
    {
        await using var acs = await TestAcs.StartAsync();

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/devices/00D09E-TestPhone-NOPE/cwmp-credentials/rotate");

        Assert.Equal(404, status);
        Assert.Contains("NOPE", body!.ToJsonString(), StringComparison.Ordinal);
    }
}
