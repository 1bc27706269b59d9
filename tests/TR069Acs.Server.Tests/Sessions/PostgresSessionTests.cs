using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>The whole ACS on PostgreSQL (<c>--db postgres:…</c>): migrations at start, a CPE's bootstrap session,
/// an operator's task through the API carried out in the next session, the answer stored and visible.</summary>
public sealed class PostgresSessionTests : IAsyncLifetime
{
    private TestAcs? _acs;

    private TestAcs Acs => _acs!;

    public async Task InitializeAsync()
    {
        if (PrivatePostgres.Problem is null || PrivatePostgres.IsCi)
        {
            _acs = await TestAcs.StartOnPostgresAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_acs is not null)
        {
            await _acs.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task A_bootstrap_session_and_an_API_task_round_trip_run_on_postgres()
    {
        using var cpe = Acs.Cpe("PG0001");
        cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "1.0"));
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        await TestAcs.EventuallyAsync(async () => (await Acs.SendJsonAsync(HttpMethod.Get, $"api/devices/{cpe.DeviceId}")).Status == 200,
            "the bootstrapped device is listed (written behind)");
        var device = await Acs.GetJsonAsync($"api/devices/{cpe.DeviceId}");
        Assert.Equal("1.0", (string?)device["softwareVersion"]);

        var queued = await Acs.QueueAsync(cpe.DeviceId, new { type = "getParameterValues", parameterNames = new[] { "Device.Time." } });
        Assert.Equal("queued", (string?)queued["status"]);
        Assert.Equal(200, (await cpe.InformAsync("6 CONNECTION REQUEST")).Status);
        var request = await cpe.EmptyAsync();
        Assert.Equal("GetParameterValues", request.Method);
        Assert.Equal("sent", (string?)(await Acs.TaskAsync((long)queued["id"]!))["status"]);
        Assert.Equal(204, (await cpe.AnswerAsync(request, Soap.GetParameterValuesResponse(("Device.Time.NTPServer1", "ntp.example.net")))).Status);

        var task = await Acs.TaskAsync((long)queued["id"]!);
        Assert.Equal("done", (string?)task["status"]);
        Assert.Equal(1, (int?)task["attempts"]);
        var stored = (await Acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/parameters?prefix=Device.Time.")).AsArray();
        Assert.Equal("ntp.example.net", (string?)stored.Single(p => (string?)p!["name"] == "Device.Time.NTPServer1")!["value"]);
    }

    [PostgresFact]
    public async Task A_restart_finds_the_device_and_its_tasks_and_applies_no_migration_twice()
    {
        using var cpe = Acs.Cpe("PG0002");
        Assert.Equal(200, (await cpe.InformAsync("0 BOOTSTRAP")).Status);
        Assert.Equal(204, (await cpe.EmptyAsync()).Status);
        var queued = await Acs.QueueAsync(cpe.DeviceId, new { type = "reboot", commandKey = "pg-rb" });

        await Acs.RestartAsync();

        Assert.Equal("queued", (string?)(await Acs.TaskAsync((long)queued["id"]!))["status"]);
        using var again = Acs.Cpe("PG0002");
        Assert.Equal(200, (await again.InformAsync("1 BOOT")).Status);
        var reboot = await again.EmptyAsync();
        Assert.Equal("Reboot", reboot.Method);
        Assert.Equal(204, (await again.AnswerAsync(reboot, "<cwmp:RebootResponse/>")).Status);
        Assert.Equal("done", (string?)(await Acs.TaskAsync((long)queued["id"]!))["status"]);
    }
}
