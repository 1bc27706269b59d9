using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Api;

/// <summary>Issue 16: operator mistakes on JSON routes are 4xx problems naming what is wrong, never 500 — a body over
/// 1 MiB is 413 (with or without Content-Length), a body that is not UTF-8 is 400; nothing is stored.</summary>
public sealed class JsonBodyLimitTests : IAsyncLifetime
{
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Problem)> PostAsync(string path, HttpContent content)
    {
        using var response = await _acs.Api.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static byte[] OversizeTask()
    {
        // A valid JSON object a little over 1 MiB: the size alone is what is wrong.
        var padding = new string('a', (1 << 20) + 16);
        return Encoding.UTF8.GetBytes($$"""{"type":"reboot","commandKey":"{{padding}}"}""");
    }

    [Fact]
    public async Task A_body_over_1_mib_is_413_naming_the_limit_with_or_without_content_length()
    {
        using var cpe = _acs.Cpe("JSONLIMIT");
        await cpe.InformAsync("0 BOOTSTRAP");
        await cpe.EmptyAsync();
        var path = $"api/devices/{cpe.DeviceId}/tasks";

        using var sized = new ByteArrayContent(OversizeTask());
        sized.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var withLength = await PostAsync(path, sized);

        using var streamed = new StreamContent(new NonSeekable(OversizeTask()));   // chunked: no Content-Length
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var chunked = await PostAsync(path, streamed);

        foreach (var (status, problem) in new[] { withLength, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
            Assert.Contains("larger than the limit of 1048576 bytes (1 MiB)", (string?)problem!["detail"], StringComparison.Ordinal);
        }
        Assert.Empty((await _acs.GetJsonAsync($"api/devices/{cpe.DeviceId}/tasks")).AsArray());
    }

    [Theory]
    [InlineData("api/users")]
    [InlineData("api/tokens")]
    [InlineData("api/devices")]
    [InlineData("api/campaigns")]
    public async Task A_body_that_is_not_utf8_is_400_naming_the_byte(string path)
    {
        // {"name":"<0xC3 0x28>"}: an invalid two-byte sequence at byte 9.
        var body = new byte[] { (byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' };
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var (status, problem) = await PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid UTF-8 (an invalid byte sequence at byte 9)", (string?)problem!["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_body_under_the_limit_still_works()
    {
        using var cpe = _acs.Cpe("JSONOK");
        await cpe.InformAsync("0 BOOTSTRAP");
        await cpe.EmptyAsync();
        using var content = new StringContent("""{"type":"reboot","commandKey":"ünïcödé"}""", Encoding.UTF8, "application/json");

        var (status, task) = await PostAsync($"api/devices/{cpe.DeviceId}/tasks", content);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("reboot", (string?)task!["type"]);
    }

    /// <summary>A stream without a length, so HttpClient sends the body chunked.</summary>
    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
