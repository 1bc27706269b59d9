using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>Roles: a viewer changes nothing and sees no secret; an operator manages devices but not users, tokens or the audit.</summary>
public sealed class RoleTests : IAsyncLifetime
{
    private TestAcs _acs = null!;
    private string _device = null!;

    public async Task InitializeAsync()
    {
        _acs = await TestAcs.StartAsync();
        _device = await OperatorApi.DeviceAsync(_acs, "00562B04DD5B", "FCH2222AAAA", "lab");
        var (status, _) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Put, $"api/config/devices/{_device}",
            """{"parameters":{"Password_1_":"viewer-must-not-see-this","GPP_A":"plain"}}""");
        Assert.Equal(200, status);
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task A_viewer_cannot_change_anything_and_each_refusal_names_the_role_needed()
    {
        using var viewer = await OperatorApi.UserAsync(_acs, "vera", "viewer");
        var changes = new (string Method, string Path, string? Body)[]
        {
            ("POST", $"api/devices/{_device}/tasks", """{"type":"reboot"}"""),
            ("PUT", "api/config/global", """{"parameters":{"GPP_A":"x"}}"""),
            ("PATCH", $"api/config/devices/{_device}", """{"parameters":{"GPP_A":"x"}}"""),
            ("PUT", $"api/devices/{_device}/tags", """["other"]"""),
            ("POST", "api/devices", """{"mac":"00562B04DD5C","serial":"FCH2","model":"CP-8841-3PCC"}"""),
            ("POST", "api/campaigns", """{"name":"x","firmwareId":"y","selector":{"tags":["lab"]}}"""),
            ("DELETE", "api/firmware/0000", null),
            ("POST", $"api/devices/{_device}/secure-provisioning", "{}"),
            ("POST", "api/activation-codes", """{"count":1}"""),
            ("POST", "api/users", """{"name":"x","role":"admin","password":"long enough password"}"""),
            ("POST", "api/tokens", """{"name":"x","role":"admin"}"""),
        };
        foreach (var (method, path, body) in changes)
        {
            var (status, problem) = await OperatorApi.SendAsync(viewer, new HttpMethod(method), path, body);
            Assert.True(status == 403, $"{method} {path} as viewer → {status}: {problem?.ToJsonString()}");
            Assert.Contains("viewer role", (string?)problem!["detail"], StringComparison.Ordinal);
        }
        var (_, config) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, $"api/config/devices/{_device}");
        Assert.Equal("plain", (string?)config!["parameters"]!["GPP_A"]);   // nothing changed
        Assert.Single((await _acs.GetJsonAsync("api/devices")).AsArray());
    }

    [Fact]
    public async Task A_viewer_reads_with_every_secret_masked_and_cannot_ask_for_a_key()
    {
        using var viewer = await OperatorApi.UserAsync(_acs, "vera", "viewer");
        Assert.Equal(201, (await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, $"api/devices/{_device}/secure-provisioning", "{}")).Status);

        var (status, config) = await OperatorApi.SendAsync(viewer, HttpMethod.Get, $"api/config/devices/{_device}");
        Assert.Equal(200, status);
        Assert.Equal("********", (string?)config!["parameters"]!["Password_1_"]);
        var (_, effective) = await OperatorApi.SendAsync(viewer, HttpMethod.Get, $"api/devices/{_device}/config");
        Assert.DoesNotContain("viewer-must-not-see-this", effective!.ToJsonString(), StringComparison.Ordinal);

        var (keyStatus, problem) = await OperatorApi.SendAsync(viewer, HttpMethod.Get, $"api/devices/{_device}/secure-provisioning?includeKey=true");
        Assert.Equal(403, keyStatus);
        Assert.Contains("includeKey", (string?)problem!["detail"], StringComparison.Ordinal);
        var (plainStatus, state) = await OperatorApi.SendAsync(viewer, HttpMethod.Get, $"api/devices/{_device}/secure-provisioning");
        Assert.Equal(200, plainStatus);
        Assert.Null(state!["key"]);
        var (_, asAdmin) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, $"api/devices/{_device}/secure-provisioning?includeKey=true");
        Assert.NotNull(asAdmin!["key"]);
    }

    [Fact]
    public async Task An_operator_changes_devices_but_not_users_tokens_or_the_audit()
    {
        using var operatorClient = await OperatorApi.UserAsync(_acs, "otto", "operator");
        Assert.Equal(200, (await OperatorApi.SendAsync(operatorClient, HttpMethod.Patch, $"api/config/devices/{_device}",
            """{"parameters":{"GPP_A":"by-operator"}}""")).Status);
        Assert.Equal(201, (await OperatorApi.SendAsync(operatorClient, HttpMethod.Post, $"api/devices/{_device}/tasks", """{"type":"reboot"}""")).Status);

        foreach (var (method, path, body) in new (string, string, string?)[]
                 {
                     ("GET", "api/users", null), ("POST", "api/users", """{"name":"x","role":"viewer","password":"long enough password"}"""),
                     ("GET", "api/tokens", null), ("POST", "api/tokens", """{"name":"x","role":"admin"}"""), ("GET", "api/audit", null),
                 })
        {
            var (status, problem) = await OperatorApi.SendAsync(operatorClient, new HttpMethod(method), path, body);
            Assert.True(status == 403, $"{method} {path} as operator → {status}");
            Assert.Contains("admin role", (string?)problem!["detail"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Users_are_managed_by_admins_and_the_last_admin_stays()
    {
        var (status, problem) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Delete, "api/users/admin");
        Assert.Equal(409, status);
        Assert.Contains("last admin", (string?)problem!["detail"], StringComparison.Ordinal);
        (status, problem) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/users", """{"name":"bad name!","role":"boss","password":"short"}""");
        Assert.Equal(400, status);
        Assert.NotNull(problem!["errors"]!["name"]);
        (status, problem) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/users", """{"name":"root","role":"admin","scope":{"tags":["lab"]}}""");
        Assert.Equal(400, status);
        Assert.Contains("never limited", (string?)problem!["detail"], StringComparison.Ordinal);

        // Without a password, one is generated and shown once.
        var (created, user) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Post, "api/users", """{"name":"dana","role":"viewer"}""");
        Assert.Equal(201, created);
        using var dana = await _acs.LoginAsync("dana", (string)user!["password"]!);
        Assert.Equal(403, (await OperatorApi.SendAsync(dana, HttpMethod.Patch, $"api/config/devices/{_device}", """{"parameters":{"GPP_A":"x"}}""")).Status);
        // A role change applies to the open session at its next request.
        Assert.Equal(200, (await OperatorApi.SendAsync(_acs.Api, HttpMethod.Patch, "api/users/dana", """{"role":"operator"}""")).Status);
        Assert.Equal(200, (await OperatorApi.SendAsync(dana, HttpMethod.Patch, $"api/config/devices/{_device}", """{"parameters":{"GPP_A":"x"}}""")).Status);
        var (_, list) = await OperatorApi.SendAsync(_acs.Api, HttpMethod.Get, "api/users");
        Assert.DoesNotContain("password", list!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        // A deleted user's session ends.
        Assert.Equal(204, (await OperatorApi.SendAsync(_acs.Api, HttpMethod.Delete, "api/users/dana")).Status);
        Assert.Equal(401, (await OperatorApi.SendAsync(dana, HttpMethod.Get, "api/devices")).Status);
    }
}
