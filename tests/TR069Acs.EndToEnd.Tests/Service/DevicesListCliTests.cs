using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests.Service;

/// <summary>Issue 15 §5: <c>acs devices list</c> pages through everything and never stops silently at a page.</summary>
public sealed class DevicesListCliTests
{
    [Fact]
    public async Task Devices_list_pages_through_every_device_and_says_when_more_exist()
    {
        await using var acs = await AcsInstance.StartAsync();
        for (var i = 0; i < 230; i++)
        {
            using var response = await acs.Api.PostAsJsonAsync("api/devices", new { mac = $"0023EB5{i:X5}", serial = $"FCHLIST{i:D5}", model = "CP-8841-3PCC" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var work = Path.GetTempPath();
        string[] common = ["--api", acs.Api.BaseAddress!.ToString(), "--token", acs.Token];

        // Piped: JSON. The default is 100, and it says that more exist (on stderr, so stdout stays one JSON array).
        var (exit, output, error) = await AcsCli.RunAsync(work, ["devices", "list", .. common]);
        Assert.True(exit == 0, error);
        Assert.Equal(100, JsonNode.Parse(output)!.AsArray().Count);
        Assert.Contains("100 devices shown; more exist: --all lists every one", error, StringComparison.Ordinal);

        // --all follows the API's pages (at most 1,000 each) to the end.
        var (allExit, all, allError) = await AcsCli.RunAsync(work, ["devices", "list", "--all", .. common]);
        Assert.True(allExit == 0, allError);
        var ids = JsonNode.Parse(all)!.AsArray().Select(d => (string?)d!["id"]).ToList();
        Assert.Equal(230, ids.Count);
        Assert.Equal(230, ids.Distinct().Count());
        Assert.DoesNotContain("more exist", allError, StringComparison.Ordinal);

        // A limit exactly at the count is not "more".
        var (exactExit, exact, exactError) = await AcsCli.RunAsync(work, ["devices", "list", "--limit", "230", .. common]);
        Assert.True(exactExit == 0, exactError);
        Assert.Equal(230, JsonNode.Parse(exact)!.AsArray().Count);
        Assert.DoesNotContain("more exist", exactError, StringComparison.Ordinal);

        // A table for people.
        var (tableExit, table, tableError) = await AcsCli.RunAsync(work, ["devices", "list", "--limit", "120", "-o", "table", .. common]);
        Assert.True(tableExit == 0, tableError);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID ", lines[0], StringComparison.Ordinal);
        Assert.Contains("CP-8841-3PCC", lines[1], StringComparison.Ordinal);
        Assert.Equal("120 devices", lines[^1].Trim());
        Assert.Contains("120 devices shown; more exist", tableError, StringComparison.Ordinal);
    }
}
