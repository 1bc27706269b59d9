using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Configuration;

/// <summary>Issue 15 §1: the effective configuration is the phone's desired state, sent in the session of its
/// <c>0 BOOTSTRAP</c>/<c>1 BOOT</c> Inform (and periodically), never twice, with drift put back or reported.</summary>
public sealed class DesiredStateTests
{
    private const string Flat = "Device.X_CISCO_COM_FlatProfile.";
    private const string SpvOk = "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>";

    [Fact]
    public async Task A_pre_registered_phone_gets_global_tag_and_device_values_in_its_bootstrap_session_and_only_once()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await PreRegisteredAsync(acs);

        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        var request = await cpe.EmptyAsync();   // the credential binding is answered on the way
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains($"<Name>{Flat}Primary_NTP_Server</Name>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">ntp.carrier.example</Value>", request.Body, StringComparison.Ordinal);
        Assert.Contains($"<Name>{Flat}Proxy_1_</Name>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">sip.carrier.example</Value>", request.Body, StringComparison.Ordinal);
        Assert.Contains($"<Name>{Flat}User_ID_1_</Name>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">4711</Value>", request.Body, StringComparison.Ordinal);
        Assert.Contains("<ParameterKey>desired-state</ParameterKey>", request.Body, StringComparison.Ordinal);

        var config = await ConfigAsync(acs, cpe);
        Assert.Equal("pending", Status(config, "User_ID_1_"));
        Assert.Equal(204, (await cpe.AnswerAsync(request, SpvOk)).Status);

        config = await ConfigAsync(acs, cpe);
        foreach (var name in new[] { "Primary_NTP_Server", "Proxy_1_", "User_ID_1_" })
        {
            Assert.Equal("confirmed", Status(config, name));
            Assert.NotNull((string?)config["parameters"]![name]!["lastConfirmed"]);
        }
        Assert.Equal("global", (string?)config["parameters"]!["Primary_NTP_Server"]!["scope"]);   // the existing fields stay
        Assert.Equal("enforce", (string?)config["drift"]);

        // A reboot: the phone holds everything already, so nothing is sent again.
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
    }

    [Fact]
    public async Task A_brand_new_phone_gets_the_global_and_model_values_in_its_first_session()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"Primary_NTP_Server":"ntp.carrier.example"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "models/CP-8841-3PCC", """{"GPP_A":"model-value"}""");
        using var cpe = acs.Cpe(serial: "FCH0000NEW1", oui: "0023EB", productClass: "CP-8841-3PCC");

        await BootAndConfirmAsync(cpe, ["GPP_A", "Primary_NTP_Server"]);
    }

    [Fact]
    public async Task A_factory_reset_bootstrap_brings_every_value_back()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await PreRegisteredAsync(acs);
        await BootAndConfirmAsync(cpe);

        // The phone comes back with factory values (0 BOOTSTRAP): what the ACS knew of it no longer holds.
        await BootAndConfirmAsync(cpe, ["User_ID_1_", "Primary_NTP_Server"]);
    }

    [Fact]
    public async Task A_value_changed_on_the_phone_is_put_back_in_the_same_session_when_enforced()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await PreRegisteredAsync(acs);
        await BootAndConfirmAsync(cpe);

        cpe.InformParameters.Add(($"{Flat}User_ID_1_", "9999"));
        Assert.Equal(200, (await cpe.InformAsync("4 VALUE CHANGE")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains($"<Name>{Flat}User_ID_1_</Name>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">4711</Value>", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Primary_NTP_Server", request.Body, StringComparison.Ordinal);   // only what drifted

        var config = await ConfigAsync(acs, cpe);
        Assert.Equal("drifted", Status(config, "User_ID_1_"));
        Assert.Equal("9999", (string?)config["parameters"]!["User_ID_1_"]!["phoneValue"]);
        Assert.Equal(204, (await cpe.AnswerAsync(request, SpvOk)).Status);
        Assert.Equal("confirmed", Status(await ConfigAsync(acs, cpe), "User_ID_1_"));
    }

    [Fact]
    public async Task A_scope_in_report_mode_only_reports_drift()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await PreRegisteredAsync(acs);
        await BootAndConfirmAsync(cpe);
        var update = await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{cpe.DeviceId}", """{"_drift":"Report"}""");
        Assert.Equal("report", (string?)update["parameters"]!["_drift"]);
        Assert.Empty(update["pushed"]!.AsArray());   // a setting is not sent to the phone

        cpe.InformParameters.Add(($"{Flat}User_ID_1_", "8888"));
        Assert.Equal(200, (await cpe.InformAsync("4 VALUE CHANGE")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        var config = await ConfigAsync(acs, cpe);
        Assert.Equal("report", (string?)config["drift"]);
        Assert.Equal("drifted", Status(config, "User_ID_1_"));
        Assert.Equal("8888", (string?)config["parameters"]!["User_ID_1_"]!["phoneValue"]);
        Assert.NotNull((string?)config["parameters"]!["User_ID_1_"]!["lastConfirmed"]);
        Assert.Equal("confirmed", Status(config, "Primary_NTP_Server"));

        // A reboot does not override the phone's own value in report mode either.
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
    }

    [Fact]
    public async Task A_read_that_shows_drift_is_followed_by_the_desired_value_in_the_same_session()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await PreRegisteredAsync(acs);
        await BootAndConfirmAsync(cpe);
        await acs.QueueAsync(cpe.DeviceId, new { type = "getParameterValues", parameterNames = new[] { $"{Flat}User_ID_1_" } });

        Assert.Equal(200, (await cpe.InformAsync("6 CONNECTION REQUEST")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("GetParameterValues", request.Method);
        request = await cpe.AnswerAsync(request, Soap.GetParameterValuesResponse(($"{Flat}User_ID_1_", "1234")));
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains(">4711</Value>", request.Body, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(request, SpvOk)).Status);
    }

    [Fact]
    public async Task A_secret_is_compared_with_what_was_last_set_and_not_sent_again()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await PreRegisteredAsync(acs);
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{cpe.DeviceId}", """{"Password_1_":"s3cret-sip-pass"}""");
        await BootAndConfirmAsync(cpe, "Password_1_");

        var config = await ConfigAsync(acs, cpe);
        Assert.Equal("confirmed", Status(config, "Password_1_"));
        Assert.DoesNotContain("s3cret-sip-pass", config.ToJsonString(), StringComparison.Ordinal);

        // Reads of a password come back empty (TR-104): that is not drift, and a reboot sends nothing.
        cpe.InformParameters.Add(($"{Flat}Password_1_", ""));
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT", "4 VALUE CHANGE")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        // A new password is pending until the phone accepts it.
        await ConfigApi.WriteAsync(acs, HttpMethod.Patch, $"devices/{cpe.DeviceId}", """{"Password_1_":"another-pass"}""");
        Assert.Equal("pending", Status(await ConfigAsync(acs, cpe), "Password_1_"));
    }

    [Fact]
    public async Task A_value_a_phone_never_received_goes_out_when_the_periodic_reconciliation_is_due()
    {
        // An interval of a millisecond: every session is due.
        await using var acs = await TestAcs.StartAsync(o => o.Config.ReconcileInterval = TimeSpan.FromMilliseconds(1));
        using var cpe = acs.Cpe(serial: "FCH0000PER1", oui: "0023EB", productClass: "CP-8841-3PCC");
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        // The change's own push is cancelled (an operator, an expiry): only the reconciliation can bring it.
        var update = await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_C":"periodic-value"}""");
        var taskId = (long)update["pushed"]!.AsArray().Single()!["taskId"]!;
        var (status, _, _) = await acs.SendJsonAsync(HttpMethod.Delete, $"api/tasks/{taskId}");
        Assert.True(status is 200 or 204, $"cancel → {status}");

        Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains(">periodic-value</Value>", request.Body, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(request, SpvOk)).Status);
    }

    [Fact]
    public async Task A_periodic_session_before_the_interval_is_over_sends_nothing_and_a_queued_push_is_not_duplicated()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = acs.Cpe(serial: "FCH0000PER2", oui: "0023EB", productClass: "CP-8841-3PCC");
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        var update = await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_C":"pushed-once"}""");
        var taskId = (long)update["pushed"]!.AsArray().Single()!["taskId"]!;
        // The phone reboots before the push reached it: the queued push carries the value, the reconciliation adds nothing.
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains($"acs-{taskId}-", request.CwmpId, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(request, SpvOk)).Status);

        Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
    }

    [Fact]
    public async Task A_phone_on_the_InternetGatewayDevice_root_gets_its_values_under_that_root()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"GPP_A":"igd-value"}""");
        using var cpe = acs.Cpe(serial: "FCH0000IGD1", oui: "0023EB", productClass: "CP-8841-3PCC");
        cpe.InformParameters.Add(("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1MPP0001-224"));

        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains("<Name>InternetGatewayDevice.X_CISCO_COM_FlatProfile.GPP_A</Name>", request.Body, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(request, SpvOk)).Status);
        Assert.Equal("confirmed", Status((await acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/config")).AsObject(), "GPP_A"));
    }

    [Fact]
    public async Task A_refused_batch_is_a_task_fault_per_parameter_and_its_values_stay_pending()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = await PreRegisteredAsync(acs);
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        var taskId = long.Parse(request.CwmpId!.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);

        var fault = Soap.Fault(9003, "Invalid arguments", ($"{Flat}User_ID_1_", 9007, "Invalid parameter value"));
        Assert.Equal(204, (await cpe.AnswerAsync(request, fault)).Status);

        var task = await acs.TaskAsync(taskId);
        Assert.Equal("fault", (string?)task["status"]);
        Assert.Contains($"{Flat}User_ID_1_", task.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("9007", task.ToJsonString(), StringComparison.Ordinal);
        var config = (await acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/config")).AsObject();
        Assert.Equal("pending", Status(config, "User_ID_1_"));
        Assert.Equal("pending", Status(config, "Primary_NTP_Server"));   // all or nothing: the batch did not apply
    }

    [Fact]
    public async Task A_drift_mode_that_is_neither_enforce_nor_report_is_refused_naming_it()
    {
        await using var acs = await TestAcs.StartAsync();
        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Patch, "api/config/global", """{"parameters":{"_drift":"sometimes"}}""");
        Assert.Equal(400, status);
        Assert.Contains("parameters._drift", body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("enforce", body.ToJsonString(), StringComparison.Ordinal);
    }

    private static async Task<ScriptedCpe> PreRegisteredAsync(TestAcs acs)
    {
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "global", """{"Primary_NTP_Server":"ntp.carrier.example"}""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/desk", """{"Proxy_1_":"sip.carrier.example"}""");
        await ConfigApi.PreRegisterAsync(acs, tags: """["desk"]""");
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, $"devices/{ConfigApi.DeviceId}", """{"User_ID_1_":"4711"}""");
        return acs.Cpe(serial: ConfigApi.Serial, oui: "00562B", productClass: ConfigApi.Model);
    }

    private static Task BootAndConfirmAsync(ScriptedCpe cpe, string expect = "User_ID_1_") => BootAndConfirmAsync(cpe, [expect]);

    /// <summary>A bootstrap session whose first request sets (at least) <paramref name="expected"/>, accepted by the phone.</summary>
    private static async Task BootAndConfirmAsync(ScriptedCpe cpe, string[] expected)
    {
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP", "1 BOOT")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        foreach (var name in expected)
        {
            Assert.Contains($"<Name>{Flat}{name}</Name>", request.Body, StringComparison.Ordinal);
        }
        Assert.Equal(204, (await cpe.AnswerAsync(request, SpvOk)).Status);
    }

    private static async Task<JsonObject> ConfigAsync(TestAcs acs, ScriptedCpe cpe)
        => (await acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/config")).AsObject();

    private static string? Status(JsonObject config, string name) => (string?)config["parameters"]![name]!["status"];
}
