using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Api;

/// <summary>The device list: filters, paging, and the API's own documents.</summary>
public sealed class DeviceApiTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync()
    {
        _acs = await TestAcs.StartAsync();
        var devices = new (string Serial, string Product, string Version)[]
        {
            ("FCH001", "CP-8841", "12.0"), ("FCH002", "CP-8841", "12.1"), ("FCH003", "CP-7841", "12.0"),
            ("ABC001", "CP-8841", "12.0"), ("ABC002", "CP-7841", "11.9"),
        };
        foreach (var (serial, product, version) in devices)
        {
            using var cpe = _acs.Cpe(serial, productClass: product);
            cpe.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", version));
            await cpe.InformAsync("0 BOOTSTRAP");
            await cpe.EmptyAsync();
        }
        await TestAcs.EventuallyAsync(async () => (await ListAsync("api/devices")).Count == 5, "five devices");
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    private async Task<List<string>> ListAsync(string path)
        => [.. (await _acs.GetJsonAsync(path)).AsArray().Select(d => (string)d!["serialNumber"]!)];

    [Fact]
    public async Task Filters_select_by_product_class_software_version_and_serial_prefix()
    {
        Assert.Equal(["ABC001", "FCH001", "FCH002"], await ListAsync("api/devices?productClass=CP-8841"));
        Assert.Equal(["FCH003", "ABC001", "FCH001"], await ListAsync("api/devices?softwareVersion=12.0"));
        Assert.Equal(["FCH003", "FCH001", "FCH002"], await ListAsync("api/devices?serialPrefix=FCH"));
        Assert.Equal(["FCH003"], await ListAsync("api/devices?serialPrefix=FCH&productClass=CP-7841"));
        Assert.Empty(await ListAsync("api/devices?serialPrefix=ZZZ"));
    }

    [Fact]
    public async Task Paging_by_offset_and_by_cursor_covers_every_device_once()
    {
        // Ordered by id (OUI-ProductClass-SerialNumber): CP-7841 ABC002, FCH003, then CP-8841 ABC001, FCH001, FCH002.
        Assert.Equal(["ABC001", "FCH001"], await ListAsync("api/devices?limit=2&offset=2"));

        var seen = new List<string>();
        var next = "api/devices?limit=2";
        while (next is not null)
        {
            using var response = await _acs.Api.GetAsync(next);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            seen.AddRange(body.Select(d => (string)d!["id"]!));
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split('<', '>')[1].TrimStart('/')
                : null;
        }
        Assert.Equal(5, seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(5, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("api/devices?limit=0", "limit")]
    [InlineData("api/devices?limit=1001", "limit")]
    [InlineData("api/devices?offset=-1", "offset")]
    [InlineData("api/devices?cursor=%%%", "cursor")]
    public async Task Bad_paging_is_a_problem_naming_the_parameter(string path, string field)
    {
        var (status, body, _) = await _acs.SendJsonAsync(HttpMethod.Get, path);

        Assert.Equal(400, status);
        Assert.NotNull(body!["errors"]![field]);
    }

    [Fact]
    public async Task Device_list_item_has_the_documented_members()
    {
        var device = (await _acs.GetJsonAsync("api/devices?limit=1")).AsArray().Single()!.AsObject();

        foreach (var member in new[] { "id", "oui", "productClass", "serialNumber", "macAddress", "softwareVersion", "lastInform", "tags" })
        {
            Assert.True(device.ContainsKey(member), $"missing {member}");
        }
        Assert.Null(device["macAddress"]);
    }

    [Fact]
    public async Task Health_and_openapi_are_served_on_the_api_port()
    {
        Assert.Equal("ok", (string?)(await _acs.GetJsonAsync("api/health"))["status"]);

        var openApi = await _acs.GetJsonAsync("openapi/v1.json");
        var paths = openApi["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/devices"));
        Assert.True(paths.ContainsKey("/api/devices/{id}/tasks"));
        Assert.True(paths.ContainsKey("/api/tasks/{taskId}"));
    }

    [Fact]
    public async Task Unknown_api_route_is_a_problem_404_and_the_cwmp_port_serves_no_api()
    {
        using var response = await _acs.Api.GetAsync("api/nothing-here");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var http = new HttpClient();
        using var onCwmp = await http.GetAsync(new Uri(_acs.CwmpUri, "/api/health"));
        Assert.Equal(404, (int)onCwmp.StatusCode);
    }
}
