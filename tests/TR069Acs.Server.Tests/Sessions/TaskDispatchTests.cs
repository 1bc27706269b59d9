using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>Queued tasks go out after the CPE's empty POST, one per HTTP response, and the answers are stored.</summary>
public sealed class TaskDispatchTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    private async Task<ScriptedCpe> RegisteredCpeAsync(string serial)
    {
        var cpe = _acs.Cpe(serial);
        cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "1.0"));
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        return cpe;
    }

    [Fact]
    public async Task Queued_GetParameterValues_is_sent_and_its_answer_is_stored_and_visible()
    {
        using var cpe = await RegisteredCpeAsync("GPV1");
        var queued = await _acs.QueueAsync(cpe.DeviceId, new { type = "getParameterValues", parameterNames = new[] { "Device.Time." } });
        Assert.Equal("queued", (string?)queued["status"]);

        Assert.Equal(200, (await cpe.InformAsync("2 PERIODIC")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal(200, request.Status);
        Assert.Equal("GetParameterValues", request.Method);
        Assert.Contains("<string>Device.Time.</string>", request.Body, StringComparison.Ordinal);
        Assert.Equal("sent", (string?)(await _acs.TaskAsync((long)queued["id"]!))["status"]);

        var end = await cpe.AnswerAsync(request, Soap.GetParameterValuesResponse(("Device.Time.NTPServer1", "ntp.example.net"), ("Device.Time.Enable", "true")));
        Assert.Equal(204, end.Status);

        var task = await _acs.TaskAsync((long)queued["id"]!);
        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal(1, (int?)task["attempts"]);
        Assert.Equal("ntp.example.net", (string?)task["result"]!["parameterValues"]!.AsArray().First(p => (string?)p!["name"] == "Device.Time.NTPServer1")!["value"]);
        var stored = (await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/parameters?prefix=Device.Time.")).AsArray();
        Assert.Equal(["Device.Time.Enable", "Device.Time.NTPServer1"], stored.Select(p => (string?)p!["name"]));
        Assert.Equal("ntp.example.net", (string?)stored[1]!["value"]);
    }

    [Fact]
    public async Task Tasks_go_out_in_order_one_per_response()
    {
        using var cpe = await RegisteredCpeAsync("ORDER");
        var first = await _acs.QueueAsync(cpe.DeviceId, new { type = "getRPCMethods" });
        var second = await _acs.QueueAsync(cpe.DeviceId, new { type = "reboot", commandKey = "rb-1" });

        await cpe.InformAsync();
        var one = await cpe.EmptyAsync();
        Assert.Equal("GetRPCMethods", one.Method);
        var two = await cpe.AnswerAsync(one, "<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType=\"xsd:string[2]\"><string>Inform</string><string>Reboot</string></MethodList></cwmp:GetRPCMethodsResponse>");
        Assert.Equal("Reboot", two.Method);
        Assert.Contains("<CommandKey>rb-1</CommandKey>", two.Body, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(two, "<cwmp:RebootResponse/>")).Status);

        Assert.Equal(["Inform", "Reboot"], (await _acs.TaskAsync((long)first["id"]!))["result"]!["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("done", (string?)(await _acs.TaskAsync((long)second["id"]!))["status"]);
    }

    [Fact]
    public async Task SetParameterValues_fault_9003_is_recorded_with_its_parameter_faults()
    {
        using var cpe = await RegisteredCpeAsync("SPVF");
        var queued = await _acs.QueueAsync(cpe.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new object[] { new { name = "Device.Time.NTPServer1", value = "a" }, new { name = "Device.Nope.X", value = "1" } },
        });

        await cpe.InformAsync();
        var request = await cpe.EmptyAsync();
        Assert.Equal("SetParameterValues", request.Method);
        var end = await cpe.AnswerAsync(request, Soap.Fault(9003, "Invalid arguments", ("Device.Nope.X", 9005, "Invalid parameter name")));
        Assert.Equal(204, end.Status);

        var task = await _acs.TaskAsync((long)queued["id"]!);
        Assert.Equal("fault", (string?)task["status"]);
        Assert.Equal(9003, (int?)task["faultCode"]);
        Assert.Equal("Invalid arguments", (string?)task["faultMessage"]);
        var fault = (await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/faults")).AsArray().Single()!;
        Assert.Equal(9003, (int?)fault["code"]);
        Assert.Equal((long)queued["id"]!, (long?)fault["taskId"]);
        var parameterFault = fault["detail"]!["setParameterValuesFaults"]!.AsArray().Single()!;
        Assert.Equal("Device.Nope.X", (string?)parameterFault["parameterName"]);
        Assert.Equal(9005, (int?)parameterFault["faultCode"]);
        // Nothing was applied, so nothing is stored.
        Assert.Empty((await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/parameters?prefix=Device.Time.")).AsArray());
    }

    [Fact]
    public async Task SetParameterValues_success_updates_the_stored_values()
    {
        using var cpe = await RegisteredCpeAsync("SPVOK");
        var queued = await _acs.QueueAsync(cpe.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new object[] { new { name = "Device.ManagementServer.PeriodicInformInterval", value = 3600 } },
            parameterKey = "pk-7",
        });

        await cpe.InformAsync();
        var request = await cpe.EmptyAsync();
        Assert.Contains("xsi:type=\"xsd:unsignedInt\">3600<", request.Body, StringComparison.Ordinal);
        Assert.Contains("<ParameterKey>pk-7</ParameterKey>", request.Body, StringComparison.Ordinal);
        Assert.Equal(204, (await cpe.AnswerAsync(request, "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>")).Status);

        Assert.Equal("done", (string?)(await _acs.TaskAsync((long)queued["id"]!))["status"]);
        var stored = (await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/parameters?prefix=Device.ManagementServer.PeriodicInformInterval")).AsArray().Single()!;
        Assert.Equal("3600", (string?)stored["value"]);
        Assert.Equal("xsd:unsignedInt", (string?)stored["type"]);
    }

    [Fact]
    public async Task Passwords_are_sent_to_the_cpe_but_masked_in_the_api()
    {
        using var cpe = await RegisteredCpeAsync("SECRET");
        var queued = await _acs.QueueAsync(cpe.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new[] { new { name = "Device.Services.VoiceService.1.VoiceProfile.1.Line.1.SIP.AuthPassword", value = "hunter2" } },
        });
        Assert.Equal("********", (string?)queued["payload"]!["parameterValues"]![0]!["value"]);

        await cpe.InformAsync();
        var request = await cpe.EmptyAsync();
        Assert.Contains(">hunter2<", request.Body, StringComparison.Ordinal);
        await cpe.AnswerAsync(request, "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>");

        var stored = (await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/parameters?prefix=Device.Services.")).AsArray().Single()!;
        Assert.Equal("********", (string?)stored["value"]);
    }

    [Fact]
    public async Task Download_with_status_1_waits_for_transfer_complete_in_a_later_session()
    {
        using var cpe = await RegisteredCpeAsync("DL1");
        var queued = await _acs.QueueAsync(cpe.DeviceId, new
        {
            type = "download",
            fileType = "1 Firmware Upgrade Image",
            url = "http://files.example.net/fw.bin",
            fileSize = 1234,
        });
        var commandKey = (string?)queued["commandKey"];
        Assert.False(string.IsNullOrEmpty(commandKey));

        await cpe.InformAsync();
        var request = await cpe.EmptyAsync();
        Assert.Equal("Download", request.Method);
        Assert.Contains($"<CommandKey>{commandKey}</CommandKey>", request.Body, StringComparison.Ordinal);
        var end = await cpe.AnswerAsync(request, """
            <cwmp:DownloadResponse><Status>1</Status><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:DownloadResponse>
            """);
        Assert.Equal(204, end.Status);
        Assert.Equal("sent", (string?)(await _acs.TaskAsync((long)queued["id"]!))["status"]);

        // The CPE reboots into the image and reports in a new session.
        Assert.Equal(200, (await cpe.InformAsync("1 BOOT", "7 TRANSFER COMPLETE", $"M Download|{commandKey}")).Status);
        var ack = await cpe.PostAsync(Soap.Envelope(Soap.TransferComplete(commandKey!), "tc-1"));
        Assert.Equal(200, ack.Status);
        Assert.Equal("TransferCompleteResponse", ack.Method);
        Assert.Equal("tc-1", ack.CwmpId);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        var task = await _acs.TaskAsync((long)queued["id"]!);
        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal(0, (int?)task["result"]!["transfer"]!["faultCode"]);
    }

    [Fact]
    public async Task Failed_transfer_makes_the_download_a_fault()
    {
        using var cpe = await RegisteredCpeAsync("DL2");
        var queued = await _acs.QueueAsync(cpe.DeviceId, new { type = "download", fileType = "1 Firmware Upgrade Image", url = "http://files.example.net/x", commandKey = "fw-2" });
        await cpe.InformAsync();
        var request = await cpe.EmptyAsync();
        await cpe.AnswerAsync(request, "<cwmp:DownloadResponse><Status>1</Status><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:DownloadResponse>");

        await cpe.InformAsync("7 TRANSFER COMPLETE");
        await cpe.PostAsync(Soap.Envelope(Soap.TransferComplete("fw-2", 9016, "file not found")));
        await cpe.EmptyAsync();

        var task = await _acs.TaskAsync((long)queued["id"]!);
        Assert.Equal("fault", (string?)task["status"]);
        Assert.Equal(9016, (int?)task["faultCode"]);
        Assert.Contains((await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/faults")).AsArray(), f => (int?)f!["code"] == 9016);
    }

    [Fact]
    public async Task Names_attributes_and_objects_update_the_stored_tree()
    {
        using var cpe = await RegisteredCpeAsync("TREE");
        await _acs.QueueAsync(cpe.DeviceId, new { type = "getParameterNames", parameterPath = "Device.ManagementServer.", nextLevel = true });
        await _acs.QueueAsync(cpe.DeviceId, new { type = "getParameterAttributes", parameterNames = new[] { "Device.ManagementServer.URL" } });
        var add = await _acs.QueueAsync(cpe.DeviceId, new { type = "addObject", objectName = "Device.X.Line." });
        await _acs.QueueAsync(cpe.DeviceId, new { type = "deleteObject", objectName = "Device.X.Line.1." });

        await cpe.InformAsync();
        var gpn = await cpe.EmptyAsync();
        Assert.Contains("<NextLevel>1</NextLevel>", gpn.Body.Replace("true", "1", StringComparison.Ordinal), StringComparison.Ordinal);
        var gpa = await cpe.AnswerAsync(gpn, """
            <cwmp:GetParameterNamesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterInfoStruct[2]">
            <ParameterInfoStruct><Name>Device.ManagementServer.URL</Name><Writable>1</Writable></ParameterInfoStruct>
            <ParameterInfoStruct><Name>Device.ManagementServer.ParameterKey</Name><Writable>0</Writable></ParameterInfoStruct>
            </ParameterList></cwmp:GetParameterNamesResponse>
            """);
        Assert.Equal("GetParameterAttributes", gpa.Method);
        var addRequest = await cpe.AnswerAsync(gpa, """
            <cwmp:GetParameterAttributesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterAttributeStruct[1]">
            <ParameterAttributeStruct><Name>Device.ManagementServer.URL</Name><Notification>2</Notification><AccessList soap-enc:arrayType="xsd:string[1]"><string>Subscriber</string></AccessList></ParameterAttributeStruct>
            </ParameterList></cwmp:GetParameterAttributesResponse>
            """);
        Assert.Equal("AddObject", addRequest.Method);
        var delete = await cpe.AnswerAsync(addRequest, "<cwmp:AddObjectResponse><InstanceNumber>2</InstanceNumber><Status>0</Status></cwmp:AddObjectResponse>");
        Assert.Equal("DeleteObject", delete.Method);
        Assert.Equal(204, (await cpe.AnswerAsync(delete, "<cwmp:DeleteObjectResponse><Status>0</Status></cwmp:DeleteObjectResponse>")).Status);

        Assert.Equal(2, (int?)(await _acs.TaskAsync((long)add["id"]!))["result"]!["instanceNumber"]);
        var tree = (await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/parameters?prefix=Device.")).AsArray().ToDictionary(p => (string)p!["name"]!, p => p!);
        Assert.True((bool?)tree["Device.ManagementServer.URL"]["writable"]);
        Assert.False((bool?)tree["Device.ManagementServer.ParameterKey"]["writable"]);
        Assert.Equal(2, (int?)tree["Device.ManagementServer.URL"]["notification"]);
        Assert.Equal(["Subscriber"], tree["Device.ManagementServer.URL"]["accessList"]!.AsArray().Select(a => (string?)a));
        Assert.True(tree.ContainsKey("Device.X.Line.2."));
    }
}
