using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Fuzzing;

/// <summary>Thousands of mutated real-world Informs (and the other CPE messages) posted to the CWMP port of a running
/// ACS: every answer is a CWMP or HTTP refusal, never a 500; the server stays up and a legitimate phone still works.</summary>
/// <remarks>With CPE authentication on, every unknown sender gets 401 after its Inform is read; the replay runs with
/// <c>Acs:CpeAuth:Mode Off</c> so that the mutated envelopes reach the session engine too (the legitimate phone
/// still authenticates as it would).</remarks>
public sealed class CwmpReplayFuzzTests
{
    // What the CWMP endpoint may answer anything: a session step, or a refusal that names the problem.
    private static readonly HashSet<HttpStatusCode> Allowed =
    [
        HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden,
        HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge,
        HttpStatusCode.UnsupportedMediaType, HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable,
    ];

    private static readonly byte[][] Seeds =
    [
        Encoding.UTF8.GetBytes(CpeEnvelopes.LinksysInform),
        Encoding.UTF8.GetBytes(Soap.Envelope(Soap.Inform("00562B", "CP-8841-3PCC", "FCH2216ABCD", ["0 BOOTSTRAP", "1 BOOT", "M Reboot|key-1"],
            [("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1MPP0001-224"), ("Device.ManagementServer.ConnectionRequestURL", "http://10.0.0.9:7547/cr"),
             ("Device.ManagementServer.ParameterKey", "")]), "1", Soap.Cwmp12)),
        Encoding.UTF8.GetBytes(Soap.Envelope(Soap.Inform("0023EB", "CP-7841-3PCC", "FCH1", ["6 CONNECTION REQUEST", "7 TRANSFER COMPLETE"],
            [("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "1.0")]), "42", "urn:dslforum-org:cwmp-1-0", "SOAP-ENV")),
        Encoding.UTF8.GetBytes(Soap.Envelope(Soap.TransferComplete("campaign:1:1:1", 9010, "download failed"))),
        Encoding.UTF8.GetBytes(Soap.Envelope(Soap.GetParameterValuesResponse(("Device.ManagementServer.URL", "http://acs/")))),
        Encoding.UTF8.GetBytes(Soap.Envelope(Soap.Fault(9003, "Invalid arguments", ("Device.X", 9007, "bad value")))),
    ];

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "<", ">", "</", "/>", "\"", "&amp;", "&#0;", "<![CDATA[", "]]>", "<!DOCTYPE e [<!ENTITY a \"b\">]>", "&a;", "\0", "\uFFFE",
            "<EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct>", "<MaxEnvelopes>0</MaxEnvelopes>",
            "<RetryCount>4294967296</RetryCount>", "<CurrentTime>yesterday</CurrentTime>", "<SerialNumber></SerialNumber>", "<OUI>ZZZZZZ</OUI>",
            "<ParameterValueStruct><Name>Device.ManagementServer.ConnectionRequestURL</Name><Value>http://169.254.169.254/</Value></ParameterValueStruct>",
            "soap-enc:arrayType=\"cwmp:ParameterValueStruct[999999999]\"", "xmlns:cwmp=\"urn:dslforum-org:cwmp-1-4\"", "<cwmp:Inform>", "</cwmp:Inform>",
            new string('A', 70_000),
        }.Select(Encoding.UTF8.GetBytes),
    ];

    [Fact]
    public async Task Mutated_real_Informs_get_a_session_step_or_a_refusal_never_a_500_and_a_real_phone_still_works()
    {
        await using var acs = await TestAcs.StartAsync(o => o.CpeAuth.Mode = TR069Acs.Server.CpeAuth.CpeAuthMode.Off);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { Timeout = Fuzz.PerInput };
        var statuses = new Dictionary<HttpStatusCode, int>();

        await Fuzz.CheckAsync(Fuzz.Mutated(Seeds, Tokens), async body =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
            using var response = await http.PostAsync(acs.CwmpUri, content);
            var status = response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(Allowed.Contains(status), $"CWMP answered {(int)status}: {await response.Content.ReadAsStringAsync()}");
        }, iterations: 2500, print: Fuzz.Show);

        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.OK) > 0, "no mutated Inform was accepted: the replay did not reach the session engine");
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, "no mutated Inform was refused: the mutations did not reach the reader");
        Assert.Equal("ok", (string?)(await acs.GetJsonAsync("api/health"))["status"]);

        // A legitimate phone: a whole session, and a task the operator queues reaches it.
        using var phone = acs.Cpe(serial: "LEGIT0001", productClass: "CP-8841-3PCC");
        phone.InformParameters.Add(("Device.DeviceInfo.SoftwareVersion", "sip88xx.12-0-1"));
        Assert.Equal(200, (await phone.InformAsync("1 BOOT")).Status);
        Assert.Equal(204, (await phone.EmptyAsync()).Status);
        await TestAcs.EventuallyAsync(async () => await acs.SendJsonAsync(HttpMethod.Get, $"api/devices/{phone.DeviceId}") is (200, { } device, _)
            && (string?)device["softwareVersion"] == "sip88xx.12-0-1", "the legitimate phone's Inform to be recorded");
        await acs.QueueAsync(phone.DeviceId, new { type = "reboot" });
        Assert.Equal(200, (await phone.InformAsync("6 CONNECTION REQUEST")).Status);
        Assert.Equal("Reboot", (await phone.EmptyAsync()).Method);
    }

    [Fact]
    public async Task Well_formed_Informs_with_any_field_values_get_a_session_step_or_a_refusal_never_a_500()
    {
        await using var acs = await TestAcs.StartAsync(o => o.CpeAuth.Mode = TR069Acs.Server.CpeAuth.CpeAuthMode.Off);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { Timeout = Fuzz.PerInput };
        var text = Gen.OneOf(Gen.String[0, 40], Gen.Const(""), Gen.Const("-"), Gen.Const("00562B"), Gen.Const("CP-8841-3PCC"), Gen.Const(new string('x', 300)));
        var number = Gen.OneOf(Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)), text);
        var informs = Gen.Select(Gen.Select(text, text, text, text), Gen.Select(text, text, text), Gen.Select(number, number, text), Gen.Int[0, 4])
            .Select(t =>
            {
                var ((manufacturer, oui, productClass, serial), (eventCode, name, value), (retry, envelopes, time), ns) = t;
                return Soap.Envelope($"""
                    <cwmp:Inform>
                    <DeviceId><Manufacturer>{Soap.X(manufacturer)}</Manufacturer><OUI>{Soap.X(oui)}</OUI><ProductClass>{Soap.X(productClass)}</ProductClass><SerialNumber>{Soap.X(serial)}</SerialNumber></DeviceId>
                    <Event soap-enc:arrayType="cwmp:EventStruct[1]"><EventStruct><EventCode>{Soap.X(eventCode)}</EventCode><CommandKey>{Soap.X(name)}</CommandKey></EventStruct></Event>
                    <MaxEnvelopes>{Soap.X(envelopes)}</MaxEnvelopes><CurrentTime>{Soap.X(time)}</CurrentTime><RetryCount>{Soap.X(retry)}</RetryCount>
                    <ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[2]">
                    <ParameterValueStruct><Name>{Soap.X(name)}</Name><Value xsi:type="xsd:string">{Soap.X(value)}</Value></ParameterValueStruct>
                    <ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">{Soap.X(value)}</Value></ParameterValueStruct>
                    </ParameterList>
                    </cwmp:Inform>
                    """, "fuzz", $"urn:dslforum-org:cwmp-1-{ns}");
            });

        await Fuzz.CheckAsync(informs, async envelope =>
        {
            using var content = new StringContent(envelope, Encoding.UTF8, "text/xml");
            using var response = await http.PostAsync(acs.CwmpUri, content);
            Assert.True(Allowed.Contains(response.StatusCode), $"CWMP answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }, iterations: 1500, print: Fuzz.Show);

        Assert.Equal("ok", (string?)(await acs.GetJsonAsync("api/health"))["status"]);
        var list = await acs.SendJsonAsync(HttpMethod.Get, "api/devices?limit=1000");
        Assert.Equal(200, list.Status);
    }
}
