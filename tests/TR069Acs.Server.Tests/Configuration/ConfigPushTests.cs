using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Configuration;

public sealed class ConfigPushTests
{
    [Fact]
    public async Task A_change_reaches_an_informed_device_as_SetParameterValues_of_flat_profile_paths()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = acs.Cpe(serial: "FCH0000PUSH", oui: "00562B", productClass: "CP-8841-3PCC");
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        await ConfigApi.PreRegisterAsync(acs);   // same model, never informed: gets no task

        var update = await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "models/CP-8841-3PCC", """{"GPP_A":"hello","Resync_Periodic":"600"}""");
        var pushed = Assert.Single(update["pushed"]!.AsArray())!;
        Assert.Equal(cpe.DeviceId, (string?)pushed["deviceId"]);
        var task = await acs.TaskAsync((long)pushed["taskId"]!);
        Assert.Equal("setParameterValues", (string?)task["type"]);

        // Removing a value sends the model's factory value; an unchanged value is not sent again.
        update = await ConfigApi.WriteAsync(acs, HttpMethod.Patch, "models/CP-8841-3PCC", """{"Resync_Periodic":null,"GPP_A":"hello"}""");
        var second = Assert.Single(update["pushed"]!.AsArray())!;
        Assert.Equal(["Resync_Periodic"], second["parameters"]!.AsArray().Select(n => (string)n!));

        // The phone's next session carries both, in order, on X_CISCO_COM_FlatProfile paths.
        Assert.Equal(200, (await cpe.InformAsync("6 CONNECTION REQUEST")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains("<Name>Device.X_CISCO_COM_FlatProfile.GPP_A</Name>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">hello</Value>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">600</Value>", request.Body, StringComparison.Ordinal);
        request = await cpe.AnswerAsync(request, "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>");
        Assert.Equal("SetParameterValues", request.Method);
        Assert.Contains("<Name>Device.X_CISCO_COM_FlatProfile.Resync_Periodic</Name>", request.Body, StringComparison.Ordinal);
        Assert.Contains(">3600</Value>", request.Body, StringComparison.Ordinal);

        var tasks = (await acs.GetJsonAsync($"api/devices/{ConfigApi.DeviceId}/tasks")).AsArray();
        Assert.Empty(tasks);
    }

    [Fact]
    public async Task Tagging_an_informed_device_pushes_what_the_tag_scope_changes()
    {
        await using var acs = await TestAcs.StartAsync();
        await ConfigApi.WriteAsync(acs, HttpMethod.Put, "tags/lab", """{"GPP_B":"lab-value"}""");
        using var cpe = acs.Cpe(serial: "FCH0000TAG", oui: "00562B", productClass: "CP-8841-3PCC");
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        var (status, body, _) = await acs.SendJsonAsync(HttpMethod.Put, $"api/devices/{cpe.DeviceId}/tags", """["lab"]""");
        Assert.Equal(200, status);
        var pushed = Assert.Single(body!["pushed"]!.AsArray())!;
        Assert.Equal(["GPP_B"], pushed["parameters"]!.AsArray().Select(n => (string)n!));
        var detail = await acs.GetJsonAsync($"api/devices/{cpe.DeviceId}");
        Assert.Equal(["lab"], detail["tags"]!.AsArray().Select(t => (string)t!));
    }
}
