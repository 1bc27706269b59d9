using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>Tasks live in the database: an ACS restart loses none, and one that was on the wire is sent again.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Queued_tasks_survive_a_restart_and_are_delivered_afterwards()
    {
        await using var acs = await TestAcs.StartAsync();
        using (var before = acs.Cpe("RESTART"))
        {
            await before.InformAsync("0 BOOTSTRAP");
            await before.EmptyAsync();
        }
        var first = await acs.QueueAsync("00D09E-TestPhone-RESTART", new { type = "getRPCMethods" });
        var second = await acs.QueueAsync("00D09E-TestPhone-RESTART", new { type = "reboot", commandKey = "after-restart" });

        await acs.RestartAsync();

        using var cpe = acs.Cpe("RESTART");
        await cpe.InformAsync("1 BOOT");
        var one = await cpe.EmptyAsync();
        Assert.Equal("GetRPCMethods", one.Method);
        var two = await cpe.AnswerAsync(one, "<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType=\"xsd:string[0]\"></MethodList></cwmp:GetRPCMethodsResponse>");
        Assert.Equal("Reboot", two.Method);
        Assert.Equal(204, (await cpe.AnswerAsync(two, "<cwmp:RebootResponse/>")).Status);
        Assert.Equal("done", (string?)(await acs.TaskAsync((long)first["id"]!))["status"]);
        Assert.Equal("done", (string?)(await acs.TaskAsync((long)second["id"]!))["status"]);
    }

    [Fact]
    public async Task Task_outstanding_at_shutdown_is_put_back_and_sent_again()
    {
        await using var acs = await TestAcs.StartAsync();
        using var cpe = acs.Cpe("SHUTDOWN");
        await cpe.InformAsync("0 BOOTSTRAP");
        var task = await acs.QueueAsync(cpe.DeviceId, new { type = "getRPCMethods" });
        Assert.Equal("GetRPCMethods", (await cpe.EmptyAsync()).Method);

        await acs.RestartAsync();

        var restarted = await acs.TaskAsync((long)task["id"]!);
        Assert.Equal("queued", (string?)restarted["status"]);
        Assert.Contains("shut down", (string?)restarted["lastError"], StringComparison.Ordinal);
        using var again = acs.Cpe("SHUTDOWN");
        await again.InformAsync("1 BOOT");
        Assert.Equal("GetRPCMethods", (await again.EmptyAsync()).Method);
    }

    [Fact]
    public async Task Informs_queued_behind_are_flushed_on_shutdown()
    {
        await using var acs = await TestAcs.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            using var cpe = acs.Cpe($"FLUSH{i:D2}");
            await cpe.InformAsync("0 BOOTSTRAP");
            await cpe.EmptyAsync();
        }

        await acs.RestartAsync();

        Assert.Equal(50, (await acs.GetJsonAsync("api/devices?serialPrefix=FLUSH")).AsArray().Count);
    }
}
