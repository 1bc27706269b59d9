using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TR069Acs.Server.Syslog;
using TR069Acs.Server.Tests.Configuration;

namespace TR069Acs.Server.Tests.Syslog;

/// <summary>GET /api/devices/{id}/logs: newest first, paged by id, filtered by time and severity; refusals name the parameter.</summary>
public sealed class LogApiTests
{
    [Fact]
    public async Task Logs_come_newest_first_in_pages_linked_by_the_next_header()
    {
        await using var syslog = await SyslogAcs.StartAsync();
        for (var i = 1; i <= 7; i++)
        {
            await syslog.SendAsync($"<134>Mar  9 08:15:0{i} {ConfigApi.Mac} message {i}");
        }
        await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 7);

        var texts = new List<string>();
        var path = SyslogAcs.DeviceLogs() + "?limit=3";
        var pages = 0;
        while (path is not null)
        {
            using var response = await syslog.Acs.Api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            texts.AddRange(page.Select(e => (string)e!["message"]!));
            pages++;
            path = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1].TrimStart('/') : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => $"message {i}"), texts);
    }

    [Fact]
    public async Task Severity_and_since_filter_what_is_listed()
    {
        await using var syslog = await SyslogAcs.StartAsync();
        await syslog.SendAsync($"<131>Mar  9 08:15:01 {ConfigApi.Mac} an error");      // local0.err
        await syslog.SendAsync($"<134>Mar  9 08:15:02 {ConfigApi.Mac} for information"); // local0.info
        await syslog.SendAsync($"<135>Mar  9 08:15:03 {ConfigApi.Mac} debugging");       // local0.debug
        await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 3);

        Assert.Equal(["an error"], (await syslog.LogsAsync(SyslogAcs.DeviceLogs() + "?severity=error")).Select(e => (string?)e!["message"]));
        Assert.Equal(["for information", "an error"], (await syslog.LogsAsync(SyslogAcs.DeviceLogs() + "?severity=6")).Select(e => (string?)e!["message"]));
        Assert.Equal(3, (await syslog.LogsAsync(SyslogAcs.DeviceLogs() + "?since=2000-01-01T00:00:00Z")).Count);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        Assert.Empty(await syslog.LogsAsync(SyslogAcs.DeviceLogs() + $"?since={future}"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=2025-13-01T00:00:00Z", "since")]
    [InlineData("severity=loud", "severity")]
    [InlineData("severity=8", "severity")]
    [InlineData("before=0", "before")]
    [InlineData("before=-5", "before")]
    public async Task A_bad_query_value_is_a_problem_naming_the_parameter(string query, string parameter)
    {
        await using var syslog = await SyslogAcs.StartAsync();

        foreach (var path in new[] { SyslogAcs.DeviceLogs(), "api/syslog/unattached" })
        {
            var (status, body, response) = await syslog.Acs.SendJsonAsync(HttpMethod.Get, $"{path}?{query}");
            Assert.Equal(400, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(body!["errors"]![parameter]);
            Assert.Contains($"'{parameter}'", (string?)body["detail"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_device_is_404_with_a_problem()
    {
        await using var syslog = await SyslogAcs.StartAsync();

        var (status, body, _) = await syslog.Acs.SendJsonAsync(HttpMethod.Get, "api/devices/nope/logs");

        Assert.Equal(404, status);
        Assert.Equal("Unknown device", (string?)body!["title"]);
    }

    [Fact]
    public async Task Retention_keeps_the_newest_messages_of_each_device()
    {
        await using var syslog = await SyslogAcs.StartAsync(o => o.SyslogMaxMessagesPerDevice = 3);
        await syslog.FetchProfileAsync();   // its last known address: these messages are verified
        for (var i = 1; i <= 6; i++)
        {
            await syslog.SendAsync($"<134>Mar  9 08:15:0{i} {ConfigApi.Mac} message {i}");
        }
        await syslog.WaitForLogsAsync(SyslogAcs.DeviceLogs(), 6);

        var deleted = await syslog.Acs.App.Services.GetRequiredService<SyslogRetention>().PruneAsync(CancellationToken.None);

        Assert.Equal(3, deleted);
        Assert.Equal(["message 6", "message 5", "message 4"], (await syslog.LogsAsync(SyslogAcs.DeviceLogs())).Select(e => (string?)e!["message"]));
    }

    [Fact]
    public async Task With_the_receiver_off_the_stats_say_so_and_nothing_listens()
    {
        await using var acs = await Support.TestAcs.StartAsync(o => o.SyslogPort = -1);

        var stats = await acs.GetJsonAsync("api/syslog/stats");

        Assert.False((bool)stats["enabled"]!);
        Assert.Null(acs.App.GetSyslogEndPoint());
        Assert.Empty((await acs.GetJsonAsync("api/syslog/unattached")).AsArray());
    }
}
