using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TR069Acs.EndToEnd.Tests.Infrastructure;

namespace TR069Acs.EndToEnd.Tests;

/// <summary>A CWMP 1.0 CPE stack written by someone else: literal SOAP-ENV/cwmp prefixes, cwmp-1-0 namespace, a Basic
/// Authorization header sent unasked, cookies echoed by hand, and string matching on the ACS's answers.</summary>
public sealed class ForeignCpeTests : IAsyncLifetime
{
    private AcsInstance _acs = null!;

    public async Task InitializeAsync() => _acs = await AcsInstance.StartAsync();

    public async Task DisposeAsync() => await _acs.DisposeAsync();


    [Fact]
    public async Task Cwmp_1_0_cpe_with_unasked_basic_auth_gets_a_session_it_understands()
    {
        using var handler = new HttpClientHandler { UseCookies = false };
        using var http = new HttpClient(handler);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("cpe:secret")));

        using var informResponse = await http.PostAsync(_acs.CwmpUri, new StringContent(CpeEnvelopes.LinksysInform, Encoding.UTF8, "text/xml"));
        var body = await informResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, informResponse.StatusCode);
        Assert.Contains("urn:dslforum-org:cwmp-1-0", body, StringComparison.Ordinal);
        Assert.Contains("<cwmp:InformResponse>", body, StringComparison.Ordinal);
        Assert.Contains("soap-env:Envelope", body, StringComparison.Ordinal);
        Assert.Contains(">4711</cwmp:ID>", body, StringComparison.Ordinal);
        Assert.Contains("<MaxEnvelopes>1</MaxEnvelopes>", body, StringComparison.Ordinal);
        var cookie = informResponse.Headers.GetValues("Set-Cookie").First().Split(';')[0];

        // Queue a GetParameterValues for the device: the empty POST must carry it, in the CPE's namespace.
        using (var queued = await _acs.Api.PostAsync("api/devices/00183F-SPA504G-CBT00001234/tasks", new StringContent(
                   """{"type":"getParameterValues","parameterNames":["InternetGatewayDevice.DeviceInfo.SoftwareVersion"]}""",
                   Encoding.UTF8, "application/json")))
        {
            Assert.True(queued.IsSuccessStatusCode, await queued.Content.ReadAsStringAsync());
        }
        using var empty = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new ByteArrayContent([]) };
        empty.Headers.Add("Cookie", cookie);
        using var request = await http.SendAsync(empty);
        var rpc = await request.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        Assert.Contains("<cwmp:GetParameterValues>", rpc, StringComparison.Ordinal);
        Assert.Contains("urn:dslforum-org:cwmp-1-0", rpc, StringComparison.Ordinal);
        var id = rpc.Split("<cwmp:ID", 2)[1].Split('>', 2)[1].Split('<', 2)[0];

        var answer = $"""
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/">
            <SOAP-ENV:Header><cwmp:ID SOAP-ENV:mustUnderstand="1">{id}</cwmp:ID></SOAP-ENV:Header>
            <SOAP-ENV:Body><cwmp:GetParameterValuesResponse><ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[1]">
            <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">7.6.2c</Value></ParameterValueStruct>
            </ParameterList></cwmp:GetParameterValuesResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>
            """;
        using var reply = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new StringContent(answer, Encoding.UTF8, "text/xml") };
        reply.Headers.Add("Cookie", cookie);
        using var end = await http.SendAsync(reply);
        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);

        var tasks = await _acs.GetArrayAsync("api/devices/00183F-SPA504G-CBT00001234/tasks");
        Assert.Equal("done", (string?)tasks.Single()!["status"]);
        var device = await _acs.GetJsonAsync("api/devices/00183F-SPA504G-CBT00001234");
        Assert.Equal("7.6.2c", (string?)device["softwareVersion"]);
    }
}
