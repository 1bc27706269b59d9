using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>A tag-scoped operator: devices outside its tags do not exist for it, and what it writes stays inside its tags.</summary>
public sealed class ScopeTests : IAsyncLifetime
{
    private TestAcs _acs = null!;
    private string _mine = null!;
    private string _theirs = null!;
    private HttpClient _scoped = null!;

    public async Task InitializeAsync()
    {
        _acs = await TestAcs.StartAsync();
        _mine = await OperatorApi.DeviceAsync(_acs, "00562B04DD01", "FCH00000001", "site-a");
        _theirs = await OperatorApi.DeviceAsync(_acs, "00562B04DD02", "FCH00000002", "site-b");
        _scoped = await OperatorApi.UserAsync(_acs, "alice", "operator", "site-a");
    }

    public async Task DisposeAsync()
    {
        _scoped.Dispose();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task Another_tags_device_is_absent_from_lists_and_404_on_every_device_route()
    {
        var (_, list) = await OperatorApi.SendAsync(_scoped, HttpMethod.Get, "api/devices");
        Assert.Equal([_mine], list!.AsArray().Select(d => (string)d!["id"]!));

        foreach (var (method, path, body) in new (string, string, string?)[]
                 {
                     ("GET", $"api/devices/{_theirs}", null),
                     ("GET", $"api/devices/{_theirs}/parameters", null),
                     ("GET", $"api/devices/{_theirs}/faults", null),
                     ("GET", $"api/devices/{_theirs}/logs", null),
                     ("GET", $"api/devices/{_theirs}/config", null),
                     ("GET", $"api/devices/{_theirs}/tasks", null),
                     ("POST", $"api/devices/{_theirs}/tasks", """{"type":"reboot"}"""),
                     ("PUT", $"api/devices/{_theirs}/tags", """["site-a"]"""),
                     ("GET", $"api/config/devices/{_theirs}", null),
                     ("PATCH", $"api/config/devices/{_theirs}", """{"parameters":{"GPP_A":"x"}}"""),
                     ("POST", $"api/devices/{_theirs}/secure-provisioning", "{}"),
                 })
        {
            var (status, problem) = await OperatorApi.SendAsync(_scoped, new HttpMethod(method), path, body);
            Assert.True(status == 404, $"{method} {path} → {status}: {problem?.ToJsonString()}");
            Assert.Equal("Unknown device", (string?)problem!["title"]);   // the same answer as for an id that does not exist
        }
        Assert.Equal(200, (await OperatorApi.SendAsync(_scoped, HttpMethod.Get, $"api/devices/{_mine}")).Status);
        Assert.Equal(201, (await OperatorApi.SendAsync(_scoped, HttpMethod.Post, $"api/devices/{_mine}/tasks", """{"type":"reboot"}""")).Status);
        var (_, theirTasks) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, $"api/devices/{_theirs}/tasks");
        Assert.Empty(theirTasks!.AsArray());
    }

    [Fact]
    public async Task Another_tags_task_is_unknown()
    {
        var (_, task) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, $"api/devices/{_theirs}/tasks", """{"type":"reboot"}""");
        var id = (long)task!["id"]!;

        Assert.Equal(404, (await OperatorApi.SendAsync(_scoped, HttpMethod.Get, $"api/tasks/{id}")).Status);
        Assert.Equal(404, (await OperatorApi.SendAsync(_scoped, HttpMethod.Delete, $"api/tasks/{id}")).Status);
        Assert.Equal("queued", (string?)(await _acs.TaskAsync(id))["status"]);
    }

    [Fact]
    public async Task Configuration_writes_stay_inside_the_scope()
    {
        var (status, problem) = await OperatorApi.SendAsync(_scoped, HttpMethod.Patch, "api/config/global", """{"parameters":{"GPP_A":"x"}}""");
        Assert.Equal(403, status);
        Assert.Contains("'site-a'", (string?)problem!["detail"], StringComparison.Ordinal);
        Assert.Equal(403, (await OperatorApi.SendAsync(_scoped, HttpMethod.Put, "api/config/models/CP-8841-3PCC", """{"parameters":{"GPP_A":"x"}}""")).Status);
        Assert.Equal(403, (await OperatorApi.SendAsync(_scoped, HttpMethod.Put, "api/config/tags/site-b", """{"parameters":{"GPP_A":"x"}}""")).Status);
        Assert.Equal(200, (await OperatorApi.SendAsync(_scoped, HttpMethod.Put, "api/config/tags/site-a", """{"parameters":{"GPP_A":"x"}}""")).Status);
        Assert.Equal(200, (await OperatorApi.SendAsync(_scoped, HttpMethod.Patch, $"api/config/devices/{_mine}", """{"parameters":{"GPP_B":"y"}}""")).Status);

        // Its devices keep one of its tags: it can neither hand one to another scope nor bring in a device outside it.
        Assert.Equal(403, (await OperatorApi.SendAsync(_scoped, HttpMethod.Put, $"api/devices/{_mine}/tags", """["site-b"]""")).Status);
        Assert.Equal(200, (await OperatorApi.SendAsync(_scoped, HttpMethod.Put, $"api/devices/{_mine}/tags", """["site-a","floor-2"]""")).Status);
        Assert.Equal(403, (await OperatorApi.SendAsync(_scoped, HttpMethod.Post, "api/devices",
            """{"mac":"00562B04DD03","serial":"FCH00000003","model":"CP-8841-3PCC","tags":["site-b"]}""")).Status);
        Assert.Equal(201, (await OperatorApi.SendAsync(_scoped, HttpMethod.Post, "api/devices",
            """{"mac":"00562B04DD04","serial":"FCH00000004","model":"CP-8841-3PCC","tags":["site-a"]}""")).Status);
        var (_, global) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, "api/config/global");
        Assert.Null(global!["parameters"]!["GPP_A"]);
    }

    [Fact]
    public async Task Campaigns_must_select_inside_the_scope_and_others_are_invisible()
    {
        var (status, problem) = await OperatorApi.SendAsync(_scoped, HttpMethod.Post, "api/campaigns",
            """{"name":"fleet-wide","firmwareId":"0000","selector":{"productClass":"CP-8841-3PCC"}}""");
        Assert.Equal(403, status);
        Assert.Contains("selector.tags", (string?)problem!["detail"], StringComparison.Ordinal);
        Assert.Equal(403, (await OperatorApi.SendAsync(_scoped, HttpMethod.Post, "api/campaigns",
            """{"name":"theirs","firmwareId":"0000","selector":{"tags":["site-b"]}}""")).Status);

        // A campaign an admin made for site-b does not exist for alice.
        var image = TR069Acs.Provisioning.Firmware.FirmwareImage.Pack(["CP-8841-3PCC"], "12.0.2", new byte[1000]);
        using var upload = await _acs.Api.PostAsync("api/firmware", new ByteArrayContent(image));
        var firmware = (string)System.Text.Json.Nodes.JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["id"]!;
        var (created, campaign) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/campaigns",
            $$$"""{"name":"b","firmwareId":"{{{firmware}}}","selector":{"tags":["site-b"]},"schedule":{"start":"2099-01-01T00:00:00Z"}}""");
        Assert.True(created == 201, campaign?.ToJsonString());
        var id = (long)campaign!["id"]!;
        Assert.Equal(404, (await OperatorApi.SendAsync(_scoped, HttpMethod.Get, $"api/campaigns/{id}")).Status);
        Assert.Equal(404, (await OperatorApi.SendAsync(_scoped, HttpMethod.Post, $"api/campaigns/{id}/cancel")).Status);
        var (_, list) = await OperatorApi.SendAsync(_scoped, HttpMethod.Get, "api/campaigns");
        Assert.Empty(list!.AsArray());

        var (mine, own) = await OperatorApi.SendAsync(_scoped, HttpMethod.Post, "api/campaigns",
            $$$"""{"name":"a","firmwareId":"{{{firmware}}}","selector":{"tags":["site-a"]},"schedule":{"start":"2099-01-01T00:00:00Z"}}""");
        Assert.True(mine == 201, own?.ToJsonString());
        (_, list) = await OperatorApi.SendAsync(_scoped, HttpMethod.Get, "api/campaigns");
        Assert.Equal([(long)own!["id"]!], list!.AsArray().Select(c => (long)c!["id"]!));
    }
}
