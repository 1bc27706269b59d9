using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TR069Acs.Cwmp.Auth;
using TR069Acs.EndToEnd.Tests.Infrastructure;
using TR069Acs.Server.CpeAuth;

namespace TR069Acs.EndToEnd.Tests;

/// <summary>A CWMP 1.0 CPE stack written by someone else: literal SOAP-ENV/cwmp prefixes, cwmp-1-0 namespace, a Basic
/// Authorization header sent unasked (refused over plain HTTP; it then answers the Digest challenge), cookies echoed by
/// hand, and string matching on the ACS's answers.</summary>
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
        const string User = CpeAuthOptions.LabBootstrapUsername, Password = CpeAuthOptions.LabBootstrapPassword;

        using var basic = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new StringContent(CpeEnvelopes.LinksysInform, Encoding.UTF8, "text/xml") };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{User}:{Password}")));
        using var refused = await http.SendAsync(basic);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(DigestAuth.TryParseChallenge(refused.Headers.WwwAuthenticate.Single().ToString(), out var challenge));

        using var inform = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new StringContent(CpeEnvelopes.LinksysInform, Encoding.UTF8, "text/xml") };
        inform.Headers.TryAddWithoutValidation("Authorization", DigestAuth.CreateAuthorization(challenge, "POST", _acs.CwmpUri.PathAndQuery, User, Password, "c0ffee", 1));
        using var informResponse = await http.SendAsync(inform);
        var body = await informResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, informResponse.StatusCode);
        Assert.Contains("urn:dslforum-org:cwmp-1-0", body, StringComparison.Ordinal);
        Assert.Contains("<cwmp:InformResponse>", body, StringComparison.Ordinal);
        Assert.Contains("soap-env:Envelope", body, StringComparison.Ordinal);
        Assert.Contains(">4711</cwmp:ID>", body, StringComparison.Ordinal);
        Assert.Contains("<MaxEnvelopes>1</MaxEnvelopes>", body, StringComparison.Ordinal);
        var cookie = informResponse.Headers.GetValues("Set-Cookie").First().Split(';')[0];

        // First the ACS sets the device's own credentials (TR-098 root, the CPE's namespace); the CPE accepts them.
        using var firstEmpty = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new ByteArrayContent([]) };
        firstEmpty.Headers.Add("Cookie", cookie);
        using var bind = await http.SendAsync(firstEmpty);
        var bindBody = await bind.Content.ReadAsStringAsync();
        Assert.Contains("<cwmp:SetParameterValues>", bindBody, StringComparison.Ordinal);
        Assert.Contains("urn:dslforum-org:cwmp-1-0", bindBody, StringComparison.Ordinal);
        Assert.Contains("InternetGatewayDevice.ManagementServer.Username", bindBody, StringComparison.Ordinal);
        var bindId = bindBody.Split("<cwmp:ID", 2)[1].Split('>', 2)[1].Split('<', 2)[0];

        // Queue a GetParameterValues for the device: the next ACS request carries it, in the CPE's namespace.
        using (var queued = await _acs.Api.PostAsync("api/devices/00183F-SPA504G-CBT00001234/tasks", new StringContent(
                   """{"type":"getParameterValues","parameterNames":["InternetGatewayDevice.DeviceInfo.SoftwareVersion"]}""",
                   Encoding.UTF8, "application/json")))
        {
            Assert.True(queued.IsSuccessStatusCode, await queued.Content.ReadAsStringAsync());
        }
        var accepted = $"""
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
            <SOAP-ENV:Header><cwmp:ID SOAP-ENV:mustUnderstand="1">{bindId}</cwmp:ID></SOAP-ENV:Header>
            <SOAP-ENV:Body><cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>
            """;
        using var empty = new HttpRequestMessage(HttpMethod.Post, _acs.CwmpUri) { Content = new StringContent(accepted, Encoding.UTF8, "text/xml") };
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
