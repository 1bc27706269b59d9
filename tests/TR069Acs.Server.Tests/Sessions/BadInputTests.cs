using System.Net;
using System.Text;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Sessions;

/// <summary>Hostile and broken bodies: each gets an error naming the problem, nothing is stored, and every other
/// device is still served.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const int Limit = 8 * 1024;
    private TestAcs _acs = null!;

    public async Task InitializeAsync() => _acs = await TestAcs.StartAsync(o => o.MaxBodyBytes = Limit);

    public async Task DisposeAsync()
    {
        // Whatever came before, a well-behaved CPE is still served.
        using var good = _acs.Cpe("GOOD");
        Assert.Equal(200, (await good.InformAsync()).Status);
        Assert.Equal(204, (await good.EmptyAsync()).Status);
        await _acs.DisposeAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        using var probe = _acs.Cpe("PROBE");
        // A flush point: once the probe is listed, anything queued before it would be too.
        await probe.InformAsync();
        await probe.EmptyAsync();
        await TestAcs.EventuallyAsync(async () => (await _acs.GetJsonAsync("api/devices")).AsArray().Count > 0, "the probe");
        Assert.Equal(["00D09E-TestPhone-PROBE"], (await _acs.GetJsonAsync("api/devices")).AsArray().Select(d => (string?)d!["id"]));
    }

    private static string EvilInform(string doctype, string serial) => doctype + Soap.Envelope(
        Soap.Inform("00D09E", "TestPhone", serial, ["1 BOOT"], [])).Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", StringComparison.Ordinal);

    [Fact]
    public async Task A_cpe_in_session_is_served_while_another_sends_garbage()
    {
        using var good = _acs.Cpe("BUSY");
        using var bad = _acs.Cpe("BAD");
        Assert.Equal(200, (await good.InformAsync()).Status);
        var task = await _acs.QueueAsync(good.DeviceId, new { type = "getRPCMethods" });

        Assert.Equal(400, (await bad.PostAsync("<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap-env:Body>")).Status);
        Assert.Equal(400, (await bad.PostAsync("not xml at all")).Status);
        var request = await good.EmptyAsync();
        Assert.Equal(400, (await bad.PostAsync(EvilInform("<!DOCTYPE x [<!ENTITY a \"b\">]>", "&a;"))).Status);
        Assert.Equal(204, (await good.AnswerAsync(request, "<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType=\"xsd:string[0]\"></MethodList></cwmp:GetRPCMethodsResponse>")).Status);

        Assert.Equal("done", (string?)(await _acs.TaskAsync((long)task["id"]!))["status"]);
    }

    [Fact]
    public async Task Billion_laughs_is_refused_and_nothing_is_stored()
    {
        using var cpe = _acs.Cpe();
        const string doctype = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            """;

        var reply = await cpe.PostAsync(EvilInform(doctype, "&lol3;"));

        Assert.Equal(400, reply.Status);
        Assert.Contains("DTD", reply.Body, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task External_entity_is_refused()
    {
        using var cpe = _acs.Cpe();
        var reply = await cpe.PostAsync(EvilInform("""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>""", "&xxe;"));

        Assert.Equal(400, reply.Status);
        Assert.DoesNotContain("root:", reply.Body, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Truncated_xml_is_a_400_naming_the_problem()
    {
        using var cpe = _acs.Cpe("TRUNC");
        var inform = Soap.Envelope(Soap.Inform("00D09E", "TestPhone", "TRUNC", ["1 BOOT"], []));

        var reply = await cpe.PostAsync(inform[..(inform.Length / 2)]);

        Assert.Equal(400, reply.Status);
        Assert.Contains("malformed XML", reply.Body, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Wrong_envelope_is_a_400()
    {
        using var cpe = _acs.Cpe();

        var reply = await cpe.PostAsync("<Envelope><Body><Inform/></Body></Envelope>");

        Assert.Equal(400, reply.Status);
        Assert.Contains("not a SOAP 1.1 Envelope", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inform_missing_a_device_id_field_is_a_400_naming_it()
    {
        using var cpe = _acs.Cpe();
        var inform = Soap.Envelope(Soap.Inform("00D09E", "TestPhone", "NOSERIAL", ["1 BOOT"], []))
            .Replace("<SerialNumber>NOSERIAL</SerialNumber>", "", StringComparison.Ordinal);

        var reply = await cpe.PostAsync(inform);

        Assert.Equal(400, reply.Status);
        Assert.Contains("SerialNumber", reply.Body, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Inform_with_an_empty_oui_is_a_400_naming_it()
    {
        using var cpe = _acs.Cpe();
        var reply = await cpe.PostAsync(Soap.Envelope(Soap.Inform("", "TestPhone", "EMPTYOUI", ["1 BOOT"], [])));

        Assert.Equal(400, reply.Status);
        Assert.Contains("OUI", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_limit_is_a_413_naming_the_limit()
    {
        using var cpe = _acs.Cpe("BIG");
        cpe.InformParameters.Add(("Device.X.Blob", new string('a', Limit * 2)));

        var reply = await cpe.InformAsync();

        Assert.Equal(413, reply.Status);
        Assert.Contains(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), reply.Body, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_a_413_too()
    {
        using var http = new HttpClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(new string(' ', Limit + 100) + "<x/>")));
        using var request = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Get_is_a_405_that_names_post()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(_acs.CwmpUri);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Message_without_a_session_is_a_400()
    {
        using var cpe = _acs.Cpe();

        var reply = await cpe.PostAsync(Soap.Envelope(Soap.TransferComplete("k")));

        Assert.Equal(400, reply.Status);
        Assert.Contains("starts with an Inform", reply.Body, StringComparison.Ordinal);
    }
}
