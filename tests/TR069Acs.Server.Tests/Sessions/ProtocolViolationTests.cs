using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>A CPE that breaks the session: the outstanding task is put back with a reason, or faulted after the
/// last attempt; a second session for a device in session is refused; unknown methods get fault 8000.</summary>
public sealed class ProtocolViolationTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    // The default session timeout: a loaded machine must not end these sessions between two messages. The one test
    // about the timeout runs its own ACS with a short one.
    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync(o => o.TaskMaxAttempts = 2);

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    private Task<(ScriptedCpe Cpe, long TaskId)> DeviceWithTaskAsync(string serial) => DeviceWithTaskAsync(_acs, serial);

    private static async Task<(ScriptedCpe Cpe, long TaskId)> DeviceWithTaskAsync(TestAcs acs, string serial)
    {
        var cpe = acs.Cpe(serial);
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        var task = await acs.QueueAsync(cpe.DeviceId, new { type = "getParameterValues", parameterNames = new[] { "Device.DeviceInfo." } });
        return (cpe, (long)task["id"]!);
    }

    [Fact]
    public async Task Answer_with_the_wrong_cwmp_id_puts_the_task_back_with_a_reason_then_faults_it()
    {
        var (cpe, taskId) = await DeviceWithTaskAsync("WRONGID");
        using var _ = cpe;
        var request = await cpe.EmptyAsync();
        Assert.Equal("GetParameterValues", request.Method);

        var end = await cpe.PostAsync(Soap.Envelope(Soap.GetParameterValuesResponse(("Device.DeviceInfo.UpTime", "5")), id: "not-the-id"));

        Assert.Equal(204, end.Status);
        var task = await _acs.TaskAsync(taskId);
        Assert.Equal("queued", (string?)task["status"]);
        Assert.Equal(1, (int?)task["attempts"]);
        Assert.Contains("cwmp:ID 'not-the-id'", (string?)task["lastError"], StringComparison.Ordinal);
        Assert.Contains(request.CwmpId!, (string?)task["lastError"], StringComparison.Ordinal);

        // Second (last) attempt breaks the same way: the task faults, and the device has a fault record saying why.
        await cpe.InformAsync();
        var again = await cpe.EmptyAsync();
        Assert.Equal("GetParameterValues", again.Method);
        await cpe.PostAsync(Soap.Envelope(Soap.GetParameterValuesResponse(), id: "still-wrong"));
        task = await _acs.TaskAsync(taskId);
        Assert.Equal("fault", (string?)task["status"]);
        Assert.Equal(2, (int?)task["attempts"]);
        Assert.Contains("gave up after 2 attempt(s)", (string?)task["faultMessage"], StringComparison.Ordinal);
        var fault = (await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/faults")).AsArray().Single()!;
        Assert.Null((int?)fault["code"]);
    }

    [Fact]
    public async Task Answer_of_the_wrong_type_puts_the_task_back()
    {
        var (cpe, taskId) = await DeviceWithTaskAsync("WRONGTYPE");
        using var _ = cpe;
        var request = await cpe.EmptyAsync();

        await cpe.AnswerAsync(request, "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>");

        var task = await _acs.TaskAsync(taskId);
        Assert.Equal("queued", (string?)task["status"]);
        Assert.Contains("with SetParameterValuesResponse", (string?)task["lastError"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Second_inform_mid_session_puts_the_outstanding_task_back()
    {
        var (cpe, taskId) = await DeviceWithTaskAsync("REINFORM");
        using var _ = cpe;
        await cpe.EmptyAsync();

        var inform = await cpe.InformAsync("1 BOOT");

        Assert.Equal(200, inform.Status);
        var task = await _acs.TaskAsync(taskId);
        Assert.Equal("queued", (string?)task["status"]);
        Assert.Contains("new session (Inform)", (string?)task["lastError"], StringComparison.Ordinal);
        // The new session delivers it again.
        var retry = await cpe.EmptyAsync();
        Assert.Equal("GetParameterValues", retry.Method);
        Assert.Equal(204, (await cpe.AnswerAsync(retry, Soap.GetParameterValuesResponse())).Status);
        Assert.Equal("done", (string?)(await _acs.TaskAsync(taskId))["status"]);
    }

    [Fact]
    public async Task Empty_post_instead_of_an_answer_puts_the_task_back()
    {
        var (cpe, taskId) = await DeviceWithTaskAsync("EMPTYANSWER");
        using var _ = cpe;
        await cpe.EmptyAsync();

        Assert.Equal(204, (await cpe.EmptyAsync()).Status);

        var task = await _acs.TaskAsync(taskId);
        Assert.Equal("queued", (string?)task["status"]);
        Assert.Contains("empty POST instead of answering GetParameterValues", (string?)task["lastError"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silent_session_times_out_and_the_task_goes_back()
    {
        await using var acs = await TestAcs.StartAsync(o => o.SessionTimeoutSeconds = 5);
        var (cpe, taskId) = await DeviceWithTaskAsync(acs, "SILENT");
        using var _ = cpe;
        Assert.Equal("GetParameterValues", (await cpe.EmptyAsync()).Method);

        await TestAcs.EventuallyAsync(async () => (string?)(await acs.TaskAsync(taskId))["status"] == "queued", "the session to time out");

        Assert.Contains("timed out", (string?)(await acs.TaskAsync(taskId))["lastError"], StringComparison.Ordinal);
        // The late answer belongs to no session any more.
        Assert.Equal(400, (await cpe.PostAsync(Soap.Envelope(Soap.GetParameterValuesResponse()))).Status);
    }

    [Fact]
    public async Task Response_when_nothing_was_sent_ends_the_session()
    {
        using var cpe = _acs.Cpe("STRAY");
        await cpe.InformAsync();

        var reply = await cpe.PostAsync(Soap.Envelope(Soap.GetParameterValuesResponse()));

        Assert.Equal(204, reply.Status);
    }

    [Fact]
    public async Task Unknown_cpe_method_gets_fault_8000_naming_it()
    {
        using var cpe = _acs.Cpe("UNKNOWN");
        await cpe.InformAsync();

        var reply = await cpe.PostAsync(Soap.Envelope("<cwmp:X_ACME_Frobnicate><Level>3</Level></cwmp:X_ACME_Frobnicate>", id: "u-1"));

        Assert.Equal(500, reply.Status);
        Assert.Contains("<FaultCode>8000</FaultCode>", reply.Body, StringComparison.Ordinal);
        Assert.Contains("X_ACME_Frobnicate", reply.Body, StringComparison.Ordinal);
        Assert.Equal("u-1", reply.CwmpId);
        // The session goes on.
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
    }

    [Fact]
    public async Task Cpe_requests_are_answered_get_rpc_methods_and_unknown_transfer_complete()
    {
        using var cpe = _acs.Cpe("CPEREQ");
        await cpe.InformAsync("7 TRANSFER COMPLETE");

        var methods = await cpe.PostAsync(Soap.Envelope("<cwmp:GetRPCMethods/>", id: "g-1"));
        Assert.Equal("GetRPCMethodsResponse", methods.Method);
        Assert.Contains("<string>TransferComplete</string>", methods.Body, StringComparison.Ordinal);

        var transfer = await cpe.PostAsync(Soap.Envelope(Soap.TransferComplete("nobody-asked"), id: "t-1"));
        Assert.Equal("TransferCompleteResponse", transfer.Method);

        var download = await cpe.PostAsync(Soap.Envelope("<cwmp:RequestDownload><FileType>3 Vendor Configuration File</FileType><FileTypeArg soap-enc:arrayType=\"cwmp:ArgStruct[0]\"></FileTypeArg></cwmp:RequestDownload>"));
        Assert.Equal("RequestDownloadResponse", download.Method);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
    }

    [Fact]
    public async Task Second_concurrent_session_for_a_device_is_refused_with_retry_after()
    {
        using var first = _acs.Cpe("TWICE");
        using var second = _acs.Cpe("TWICE");
        Assert.Equal(200, (await first.InformAsync()).Status);

        var refused = await second.InformAsync();

        Assert.Equal(503, refused.Status);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("already has a CWMP session", refused.Body, StringComparison.Ordinal);
        // Once the first session ends, the second CPE gets in.
        Assert.Equal(204, (await first.EmptyAsync()).Status);
        Assert.Equal(200, (await second.InformAsync()).Status);
        Assert.Equal(204, (await second.EmptyAsync()).Status);
    }
}
