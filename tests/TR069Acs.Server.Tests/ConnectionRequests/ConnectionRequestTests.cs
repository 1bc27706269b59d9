using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.ConnectionRequests;

/// <summary>Connection Requests to a digest-protected CPE listener: the right credentials, the outcome recorded,
/// and wait=S returning once the woken CPE has answered.</summary>
public sealed class ConnectionRequestTests : IAsyncLifetime
{
    private TestAcs _acs = null!;
    private ConnectionRequestListener _listener = null!;

    public async Task InitializeAsync()
    {
        _listener = await ConnectionRequestListener.StartAsync("CRSERIAL", "not-set-yet");
        _acs = await TestAcs.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _acs.DisposeAsync();
        await _listener.DisposeAsync();
    }

    private async Task<ScriptedCpe> RegisterAsync(string serial, string? url = null)
    {
        var cpe = _acs.Cpe(serial);
        if (url is not null)
        {
            cpe.InformParameters.Add(("Device.ManagementServer.ConnectionRequestURL", url));
        }
        await cpe.InformAsync("0 BOOTSTRAP");
        await cpe.EmptyAsync();
        if (url == _listener.Url.ToString())
        {
            // What the ACS set on the device in its first session is what the device's listener now demands.
            _listener.Username = cpe.ConnectionRequestUsername!;
            _listener.Password = cpe.ConnectionRequestPassword!;
        }
        return cpe;
    }

    private async Task<JsonObject> PostAsync(string deviceId, object task, string query = "?connectionRequest=true")
    {
        using var response = await _acs.Api.PostAsJsonAsync($"api/devices/{deviceId}/tasks{query}", task);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private const string NoAnswer = TR069Acs.Server.ConnectionRequests.ConnectionRequestService.NoAnswer;

    [Fact]
    public async Task Get_without_body_with_digest_for_the_per_device_credentials_set_in_the_first_session()
    {
        using var cpe = await RegisterAsync("CRSERIAL", _listener.Url.ToString());
        // The serial as user name, and a random password of the device's own (no shared default).
        Assert.Equal("CRSERIAL", cpe.ConnectionRequestUsername);
        Assert.True(cpe.ConnectionRequestPassword!.Length >= 22, cpe.ConnectionRequestPassword);
        using var other = await RegisterAsync("CRSERIAL2");
        Assert.NotEqual(cpe.ConnectionRequestPassword, other.ConnectionRequestPassword);

        var task = await PostAsync(cpe.DeviceId, new { type = "reboot" });

        var outcome = task["connectionRequest"]!;
        Assert.True((bool?)outcome["ok"], outcome.ToJsonString());
        Assert.Equal(200, (int?)outcome["statusCode"]);
        var requests = _listener.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        Assert.All(requests, r => Assert.False(r.HadBody));
        Assert.Equal("Digest", requests[1].Scheme);
        Assert.True(requests[1].Authenticated);
        // The outcome is stored with the task, not only returned once.
        Assert.True((bool?)(await _acs.TaskAsync((long)task["id"]!))["connectionRequest"]!["ok"]);
    }

    [Fact]
    public async Task Credentials_set_by_the_acs_through_set_parameter_values_are_used_afterwards()
    {
        using var cpe = await RegisterAsync("CRSERIAL", _listener.Url.ToString());
        await _acs.QueueAsync(cpe.DeviceId, new
        {
            type = "setParameterValues",
            parameterValues = new[]
            {
                new { name = "Device.ManagementServer.ConnectionRequestUsername", value = "operator" },
                new { name = "Device.ManagementServer.ConnectionRequestPassword", value = "n3w-secret" },
            },
        });
        await cpe.InformAsync();
        await cpe.AnswerAsync(await cpe.EmptyAsync(), "<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>");
        _listener.Username = "operator";
        _listener.Password = "n3w-secret";

        var task = await PostAsync(cpe.DeviceId, new { type = "getRPCMethods" });

        Assert.True((bool?)task["connectionRequest"]!["ok"], task["connectionRequest"]!.ToJsonString());
    }

    [Fact]
    public async Task Wrong_credentials_are_recorded_as_a_refusal()
    {
        using var cpe = await RegisterAsync("CRSERIAL", _listener.Url.ToString());
        _listener.Password = "something-else";

        var task = await PostAsync(cpe.DeviceId, new { type = "reboot" });

        // Issue 16 §4: the task says "no answer", not what the target answered (no port-scan oracle); the listener was asked.
        Assert.False((bool?)task["connectionRequest"]!["ok"]);
        Assert.Null((int?)task["connectionRequest"]!["statusCode"]);
        Assert.Equal(NoAnswer, (string?)task["connectionRequest"]!["error"]);
        Assert.Equal(2, _listener.Requests.Count);
        Assert.Equal("queued", (string?)task["status"]);
    }

    [Fact]
    public async Task Basic_is_used_only_when_the_cpe_asks_for_it()
    {
        using var cpe = await RegisterAsync("CRSERIAL", _listener.Url.ToString());
        _listener.BasicOnly = true;

        var task = await PostAsync(cpe.DeviceId, new { type = "reboot" });

        Assert.True((bool?)task["connectionRequest"]!["ok"]);
        Assert.Equal([null, "Basic"], _listener.Requests.Select(r => r.Scheme));
    }

    [Fact]
    public async Task Unreachable_cpe_and_missing_url_are_recorded_and_the_task_stays_queued()
    {
        using var unreachable = await RegisterAsync("DOWN", "http://127.0.0.1:9/cr");
        using var silent = await RegisterAsync("NOURL");

        var down = await PostAsync(unreachable.DeviceId, new { type = "reboot" });
        var nourl = await PostAsync(silent.DeviceId, new { type = "reboot" });

        Assert.False((bool?)down["connectionRequest"]!["ok"]);
        // A closed port reads exactly as a refusal by a live CPE (see Wrong_credentials_are_recorded_as_a_refusal).
        Assert.Equal(NoAnswer, (string?)down["connectionRequest"]!["error"]);
        Assert.Null((int?)down["connectionRequest"]!["statusCode"]);
        Assert.Contains("ConnectionRequestURL", (string?)nourl["connectionRequest"]!["error"], StringComparison.Ordinal);
        Assert.Equal("queued", (string?)down["status"]);
    }

    [Fact]
    public async Task Connection_request_with_wait_returns_the_task_the_woken_cpe_completed()
    {
        using var cpe = await RegisterAsync("CRSERIAL", _listener.Url.ToString());
        _listener.OnAccepted = async () =>
        {
            await cpe.InformAsync("6 CONNECTION REQUEST");
            var request = await cpe.EmptyAsync();
            await cpe.AnswerAsync(request, Soap.GetParameterValuesResponse(("Device.DeviceInfo.UpTime", "77")));
        };

        var task = await PostAsync(cpe.DeviceId, new { type = "getParameterValues", parameterNames = new[] { "Device.DeviceInfo.UpTime" } },
            "?connectionRequest=true&wait=30");

        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal("77", (string?)task["result"]!["parameterValues"]![0]!["value"]);
    }
}
