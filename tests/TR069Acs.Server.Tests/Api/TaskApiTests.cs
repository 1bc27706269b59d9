using System.Net.Http.Json;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Api;

/// <summary>Creating, reading, waiting for and cancelling tasks; every refusal is problem details naming the field.</summary>
public sealed class TaskApiTests : IAsyncLifetime
{
    private TestAcs _acs = null!;
    private ScriptedCpe _cpe = null!;

    public async Task InitializeAsync()
    {
        _acs = await TestAcs.StartAsync();
        _cpe = _acs.Cpe("API1");
        await _cpe.InformAsync("0 BOOTSTRAP");
        await _cpe.EmptyAsync();
    }

    public async Task DisposeAsync()
    {
        _cpe.Dispose();
        await _acs.DisposeAsync();
    }

    private string Tasks => $"api/devices/{_cpe.DeviceId}/tasks";

    [Theory]
    [InlineData("{\"type\":", "body", "not a valid task")]
    [InlineData("[1,2]", "body", "JSON object")]
    [InlineData("{}", "type", "'type' is required")]
    [InlineData("{\"type\":\"explode\"}", "type", "Unknown task type 'explode'")]
    [InlineData("{\"type\":\"getParameterValues\"}", "parameterNames", "'parameterNames' is required")]
    [InlineData("{\"type\":\"getParameterValues\",\"parameterNames\":[\"A.\",7]}", "parameterNames[1]", "must be a string")]
    [InlineData("{\"type\":\"setParameterValues\",\"parameterValues\":[{\"name\":\"Device.A\"}]}", "parameterValues[0].value", "is required")]
    [InlineData("{\"type\":\"setParameterValues\",\"parameterValues\":[{\"value\":\"1\"}]}", "parameterValues[0].name", "non-empty parameter name")]
    [InlineData("{\"type\":\"download\",\"fileType\":\"1 Firmware Upgrade Image\",\"url\":\"not a url\"}", "url", "absolute http")]
    [InlineData("{\"type\":\"download\",\"url\":\"http://x/fw\"}", "fileType", "'fileType' is required")]
    [InlineData("{\"type\":\"addObject\",\"objectName\":\"Device.X.Line\"}", "objectName", "must end with")]
    [InlineData("{\"type\":\"reboot\",\"expiresInSeconds\":-5}", "expiresInSeconds", "whole number")]
    [InlineData("{\"type\":\"scheduleInform\"}", "delaySeconds", "'delaySeconds' is required")]
    // Found by ApiFuzzTests: a member given twice was a 500.
    [InlineData("{\"type\":\"download\",\"url\":\"http://a/x\",\"fileType\":\"1 Firmware Upgrade Image\",\"url\":\"http://b/x\"}", "body", "url")]
    public async Task Bad_task_bodies_are_problem_details_naming_the_field(string json, string field, string message)
    {
        var (status, body, response) = await _acs.SendJsonAsync(HttpMethod.Post, Tasks, json);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, (string?)body!["detail"], StringComparison.Ordinal);
        Assert.NotNull(body["errors"]![field]);
        Assert.Empty((await _acs.GetJsonAsync(Tasks)).AsArray());
    }

    [Fact]
    public async Task Bad_query_values_are_problem_details()
    {
        var (status, body, _) = await _acs.SendJsonAsync(HttpMethod.Post, Tasks + "?wait=9999", "{\"type\":\"reboot\"}");

        Assert.Equal(400, status);
        Assert.Contains("'wait' must be a whole number from 0 to 120", (string?)body!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_device_and_task_are_404_problem_details()
    {
        var (status, body, _) = await _acs.SendJsonAsync(HttpMethod.Post, "api/devices/nope/tasks", "{\"type\":\"reboot\"}");
        Assert.Equal(404, status);
        Assert.Equal("Unknown device", (string?)body!["title"]);
        Assert.Contains("'nope'", (string?)body["detail"], StringComparison.Ordinal);

        (status, body, _) = await _acs.SendJsonAsync(HttpMethod.Get, "api/tasks/424242");
        Assert.Equal(404, status);
        Assert.Equal("Unknown task", (string?)body!["title"]);

        (status, _, _) = await _acs.SendJsonAsync(HttpMethod.Get, "api/devices/nope/faults");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Created_task_has_its_fields_and_location()
    {
        using var response = await _acs.Api.PostAsJsonAsync(Tasks, new { type = "download", fileType = "1 Firmware Upgrade Image", url = "http://x/fw", password = "s3cret", expiresInSeconds = 60 });
        var task = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal($"/api/tasks/{(long)task["id"]!}", response.Headers.Location?.OriginalString);
        Assert.Equal("download", (string?)task["type"]);
        Assert.Equal("queued", (string?)task["status"]);
        Assert.Equal(0, (int?)task["attempts"]);
        Assert.Equal(_cpe.DeviceId, (string?)task["deviceId"]);
        Assert.Equal("********", (string?)task["payload"]!["password"]);
        var created = DateTimeOffset.Parse((string)task["created"]!, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse((string)task["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(60, (expires - created).TotalSeconds, 3);
    }

    [Fact]
    public async Task Queued_task_can_be_cancelled_a_finished_one_cannot()
    {
        var task = await _acs.QueueAsync(_cpe.DeviceId, new { type = "factoryReset" });
        var id = (long)task["id"]!;

        var (status, _, _) = await _acs.SendJsonAsync(HttpMethod.Delete, $"api/tasks/{id}");
        Assert.Equal(204, status);
        Assert.Equal(404, (await _acs.SendJsonAsync(HttpMethod.Get, $"api/tasks/{id}")).Status);
        await _cpe.InformAsync();
        Assert.Equal(204, (await _cpe.EmptyAsync()).Status);

        var done = await _acs.QueueAsync(_cpe.DeviceId, new { type = "factoryReset" });
        await _cpe.InformAsync();
        await _cpe.AnswerAsync(await _cpe.EmptyAsync(), "<cwmp:FactoryResetResponse/>");
        var (conflict, body, _) = await _acs.SendJsonAsync(HttpMethod.Delete, $"api/tasks/{(long)done["id"]!}");
        Assert.Equal(409, conflict);
        Assert.Contains("is done", (string?)body!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_returns_the_finished_task()
    {
        await _cpe.InformAsync();
        var post = _acs.Api.PostAsJsonAsync($"{Tasks}?wait=30", new { type = "getParameterValues", parameterNames = new[] { "Device.DeviceInfo.UpTime" } });

        // The CPE is in session: its empty POST takes the task once it is queued.
        ScriptedCpe.Reply request;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out after 30s waiting for the CPE's session to take the queued task");
            request = await _cpe.EmptyAsync();
            if (request.Status == 204)
            {
                await _cpe.InformAsync();
                await Task.Delay(20);
            }
        }
        while (request.Status == 204);
        Assert.Equal(204, (await _cpe.AnswerAsync(request, Soap.GetParameterValuesResponse(("Device.DeviceInfo.UpTime", "42")))).Status);

        using var response = await Bounded.WithinAsync(post, "POST ?wait=30 to answer once the task is done", 40);
        var task = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal("42", (string?)task["result"]!["parameterValues"]![0]!["value"]);
    }

    [Fact]
    public async Task Wait_gives_up_after_the_time_and_returns_the_task_as_it_is()
    {
        // The same request without a wait first, so that the timing below is the wait and not the first request's warm-up.
        using (var warmUp = await _acs.Api.PostAsJsonAsync(Tasks, new { type = "reboot" }))
        {
            Assert.Equal(201, (int)warmUp.StatusCode);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await _acs.Api.PostAsJsonAsync($"{Tasks}?wait=1", new { type = "reboot" });
        var waited = clock.Elapsed;

        var task = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("queued", (string?)task["status"]);
        // It did wait the second asked for (the clock may tick a little coarser than the timer), and then no longer
        // than a loaded machine explains.
        Assert.True(waited >= TimeSpan.FromMilliseconds(950), $"answered after {waited.TotalMilliseconds:F0} ms, before the 1 s wait was over");
        Assert.True(waited < TimeSpan.FromSeconds(20), $"answered only after {waited.TotalSeconds:F1} s for a 1 s wait");
    }
}
