using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Configuration;
using TR069Acs.Server.Tests.Operators;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Configuration;

/// <summary>Issue 15 §2: configuration writes previewed (<c>?dryRun=true</c>), versioned (<c>…/history</c>), reversible
/// (<c>…/rollback?version=N</c>), and fleet-wide factory reverts confirmed (<c>?confirm=N</c>).</summary>
public sealed class ConfigHistoryTests
{
    private const string Model = "CP-8841-3PCC";

    [Fact]
    public async Task A_dry_run_returns_the_diff_per_key_and_the_devices_it_would_push_to_and_changes_nothing()
    {
        await using var acs = await TestAcs.StartAsync();
        var phones = await BootPhonesAsync(acs, 2);
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"models/{Model}", """{"GPP_A":"one","GPP_C":"gone-soon"}""");
        var tasksBefore = await TaskCountAsync(acs, phones);

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Put, $"api/config/models/{Model}?dryRun=true",
            """{"parameters":{"GPP_A":"two","GPP_B":"new","Password_1_":"s3cret-value"}}""");

        Assert.True(status == 200, $"{status}: {body}");
        Assert.True((bool)body!["dryRun"]!);
        var changes = body["changes"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        Assert.Equal(["GPP_A", "GPP_B", "GPP_C", "Password_1_"], changes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("changed", "one", "two"), ((string)changes["GPP_A"]["change"]!, (string?)changes["GPP_A"]["old"], (string?)changes["GPP_A"]["new"]));
        Assert.Equal(("added", null, "new"), ((string)changes["GPP_B"]["change"]!, (string?)changes["GPP_B"]["old"], (string?)changes["GPP_B"]["new"]));
        Assert.Equal(("removed", "gone-soon", null), ((string)changes["GPP_C"]["change"]!, (string?)changes["GPP_C"]["old"], (string?)changes["GPP_C"]["new"]));
        Assert.Equal("********", (string?)changes["Password_1_"]["new"]);
        Assert.DoesNotContain("s3cret-value", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(2, (int)body["devices"]!);
        Assert.Equal(phones.Select(p => p.DeviceId).Order(StringComparer.Ordinal), body["deviceSample"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal));
        Assert.Equal(2, (int)body["factoryReverts"]!);   // GPP_C goes back to its factory value
        Assert.Empty(body["pushed"]!.AsArray());

        // Nothing stored, nothing queued, no version.
        var scope = await acs.GetJsonAsync($"api/config/models/{Model}");
        Assert.Equal("one", (string?)scope["parameters"]!["GPP_A"]);
        Assert.Null(scope["parameters"]!["GPP_B"]);
        Assert.Equal(tasksBefore, await TaskCountAsync(acs, phones));
        Assert.Single((await acs.GetJsonAsync($"api/config/models/{Model}/history"))["versions"]!.AsArray());

        // The same write for real does what the preview said.
        var written = await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"models/{Model}", """{"GPP_A":"two"}""");
        Assert.False((bool)written["dryRun"]!);
        Assert.Equal(2, (int)written["version"]!);
        Assert.Equal(2, written["pushed"]!.AsArray().Count);
    }

    [Fact]
    public async Task Every_write_is_a_version_with_who_and_what_and_a_rollback_restores_a_version_and_pushes_it()
    {
        await using var acs = await TestAcs.StartAsync();
        var phone = (await BootPhonesAsync(acs, 1)).Single();
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"Primary_NTP_Server":"ntp1.example.net"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"Primary_NTP_Server":"ntp2.example.net","GPP_D":"x"}""");
        await DrainSessionAsync(phone);   // the phone takes both changes

        var history = await acs.GetJsonAsync("api/config/global/history");
        Assert.Equal("global", (string?)history["scope"]);
        var versions = history["versions"]!.AsArray();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
        var latest = versions[0]!;
        Assert.Equal("admin", (string?)latest["actor"]);
        Assert.Equal("patch", (string?)latest["action"]);
        Assert.Equal(1, (int)latest["devices"]!);
        Assert.True(DateTimeOffset.UtcNow - (DateTimeOffset)latest["time"]! < TimeSpan.FromMinutes(5));
        var ntp = latest["changes"]!.AsArray().Single(c => (string?)c!["name"] == "Primary_NTP_Server")!;
        Assert.Equal(("changed", "ntp1.example.net", "ntp2.example.net"), ((string)ntp["change"]!, (string?)ntp["old"], (string?)ntp["new"]));

        // A viewer reads the history but may not roll back.
        using var viewer = await OperatorApi.UserAsync(acs, "vera", "viewer");
        Assert.Equal(200, (await OperatorApi.SendAsync(viewer, HttpMethod.Get, "api/config/global/history")).Status);
        Assert.Equal(403, (await OperatorApi.SendAsync(viewer, HttpMethod.Post, "api/config/global/rollback?version=1")).Status);

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Post, "api/config/global/rollback?version=1");
        Assert.True(status == 200, $"{status}: {body}");
        Assert.Equal(3, (int)body!["version"]!);
        Assert.Equal("ntp1.example.net", (string?)body["parameters"]!["Primary_NTP_Server"]);
        Assert.Null(body["parameters"]!["GPP_D"]);
        var push = Assert.Single(body["pushed"]!.AsArray())!;
        Assert.Equal(phone.DeviceId, (string?)push["deviceId"]);
        Assert.Equal(["GPP_D", "Primary_NTP_Server"], push["parameters"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal));
        var rollback = (await acs.GetJsonAsync("api/config/global/history"))["versions"]!.AsArray()[0]!;
        Assert.Equal(("rollback", 1), ((string)rollback["action"]!, (int)rollback["rolledBackTo"]!));

        // The phone's next session brings it back to version 1's NTP server.
        Assert.Equal(200, (await phone.InformAsync("6 CONNECTION REQUEST")).Status);
        var request = await phone.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains("<Name>Device.X_CISCO_COM_FlatProfile.Primary_NTP_Server</Name>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">ntp1.example.net</Value>", request.Body, StringComparison.Ordinal);

        // The audit trail names the version each write became.
        var audit = (await acs.GetJsonAsync("api/audit?actor=admin")).AsArray();
        Assert.Contains(audit, e => (string?)e!["action"] == "POST /api/config/global/rollback" && (string?)e["target"] == "scope:global"
            && ((string?)e["detail"])?.StartsWith("version 3:", StringComparison.Ordinal) == true);

        Assert.Equal(404, (await acs.SendJsonAsync(HttpMethod.Post, "api/config/global/rollback?version=99")).Status);
        Assert.Equal(400, (await acs.SendJsonAsync(HttpMethod.Post, "api/config/global/rollback")).Status);
        Assert.Equal(400, (await acs.SendJsonAsync(HttpMethod.Post, "api/config/global/rollback?version=two")).Status);
    }

    [Fact]
    public async Task Secrets_are_masked_in_the_history_and_restored_by_a_rollback()
    {
        await using var acs = await TestAcs.StartAsync();
        var device = (string)(await ConfigApi.PreRegisterAsync(acs))["id"]!;
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{device}", """{"Password_1_":"first-secret"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{device}", """{"Password_1_":"second-secret"}""");

        var history = (await acs.GetJsonAsync($"api/config/devices/{device}/history")).ToJsonString();
        Assert.DoesNotContain("first-secret", history, StringComparison.Ordinal);
        Assert.DoesNotContain("second-secret", history, StringComparison.Ordinal);
        Assert.Contains("********", history, StringComparison.Ordinal);

        Assert.Equal(200, (await acs.SendJsonAsync(HttpMethod.Post, $"api/config/devices/{device}/rollback?version=1")).Status);
        // The phone's effective configuration carries the first secret again (what an authenticated channel serves;
        // plain HTTP omits secrets, issue 16 §3).
        var row = await acs.App.Services.GetRequiredService<DeviceDirectory>().FindByMacAsync(ConfigApi.Mac.ToLowerInvariant(), CancellationToken.None);
        var effective = await acs.App.Services.GetRequiredService<ConfigService>().EffectiveForDeviceAsync(row!, CancellationToken.None);
        Assert.Equal("first-secret", effective.Values["Password_1_"].Value);
        // At rest, neither the scope nor its history holds a secret in plaintext.
        foreach (var file in Directory.GetFiles(acs.DataDirectory, "acs.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            var text = await reader.ReadToEndAsync();
            Assert.DoesNotContain("first-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("second-secret", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_write_reverting_more_devices_than_ConfirmAbove_needs_the_dry_run_count_as_confirm()
    {
        await using var acs = await TestAcs.StartAsync(o => o.Config.ConfirmAbove = 2);
        var phones = await BootPhonesAsync(acs, 3);
        // Adding values reverts nothing: no confirmation needed, whatever the fleet size.
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "global", """{"GPP_A":"kept","GPP_B":"kept"}""");
        foreach (var phone in phones)
        {
            await DrainSessionAsync(phone);
        }

        // A PUT meant as a PATCH: it would revert GPP_B on three phones.
        var (status, problem, _) = await acs.SendJsonAsync(HttpMethod.Put, "api/config/global", """{"parameters":{"GPP_A":"kept"}}""");
        Assert.True(status == 428, $"{status}: {problem}");
        Assert.Equal(3, (int)problem!["devices"]!);
        Assert.Contains("?confirm=3", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("kept", (string?)(await acs.GetJsonAsync("api/config/global"))["parameters"]!["GPP_B"]);

        var (_, preview, _) = await acs.SendJsonAsync(HttpMethod.Put, "api/config/global?dryRun=true", """{"parameters":{"GPP_A":"kept"}}""");
        Assert.Equal(3, (int)preview!["factoryReverts"]!);
        Assert.Equal(428, (await acs.SendJsonAsync(HttpMethod.Put, "api/config/global?confirm=2", """{"parameters":{"GPP_A":"kept"}}""")).Status);
        Assert.Equal(400, (await acs.SendJsonAsync(HttpMethod.Put, "api/config/global?confirm=all", """{"parameters":{"GPP_A":"kept"}}""")).Status);
        Assert.Equal(428, (await acs.SendJsonAsync(HttpMethod.Delete, "api/config/global")).Status);
        Assert.Equal(2, (await acs.GetJsonAsync("api/config/global/history"))["versions"]!.AsArray().Count + 1);

        var (confirmed, body, _) = await acs.SendJsonAsync(HttpMethod.Put, "api/config/global?confirm=3", """{"parameters":{"GPP_A":"kept"}}""");
        Assert.True(confirmed == 200, $"{confirmed}: {body}");
        Assert.Equal(3, body!["pushed"]!.AsArray().Count);
        Assert.Null((await acs.GetJsonAsync("api/config/global"))["parameters"]!["GPP_B"]);
    }

    /// <summary>Phones of the model that have informed (so a change is pushed to them), their first session ended.</summary>
    private static async Task<List<ScriptedCpe>> BootPhonesAsync(TestAcs acs, int count)
    {
        var phones = new List<ScriptedCpe>();
        for (var i = 0; i < count; i++)
        {
            var phone = acs.Cpe(serial: $"FCH00HIST{i:D2}", oui: "00562B", productClass: Model);
            Assert.Equal(200, (await phone.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
            await EndSessionAsync(phone, await phone.EmptyAsync());
            phones.Add(phone);
        }
        return phones;
    }

    /// <summary>A session that takes what the ACS sends (every SetParameterValues accepted) until it answers 204.</summary>
    private static async Task DrainSessionAsync(ScriptedCpe phone)
    {
        Assert.Equal(200, (await phone.InformAsync("6 CONNECTION REQUEST")).Status);
        await EndSessionAsync(phone, await phone.EmptyAsync());
    }

    private static async Task EndSessionAsync(ScriptedCpe phone, ScriptedCpe.Reply reply)
    {
        for (var i = 0; reply.Status == 200 && i < 50; i++)
        {
            Assert.True(reply.Method == "SetParameterValues", $"unexpected request {reply.Method}: {reply.Body}");
            reply = await phone.AnswerAsync(reply, "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>");
        }
        Assert.Equal(204, reply.Status);
    }

    private static async Task<int> TaskCountAsync(TestAcs acs, IEnumerable<ScriptedCpe> phones)
    {
        var total = 0;
        foreach (var phone in phones)
        {
            total += (await acs.GetJsonAsync($"api/devices/{phone.DeviceId}/tasks")).AsArray().Count;
        }
        return total;
    }
}
