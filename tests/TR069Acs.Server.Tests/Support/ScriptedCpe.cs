using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace TR069Acs.Server.Tests.Support;

/// <summary>A CPE driven by the test, message by message, over real HTTP with a cookie jar (or none).</summary>
public sealed partial class ScriptedCpe : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _acs;

    public ScriptedCpe(Uri acs, string oui, string productClass, string serial, string ns, bool useCookies)
    {
        _acs = acs;
        Oui = oui;
        ProductClass = productClass;
        Serial = serial;
        Namespace = ns;
        _http = new HttpClient(new SocketsHttpHandler { UseCookies = useCookies, CookieContainer = new CookieContainer() })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string Oui { get; }

    public string ProductClass { get; }

    public string Serial { get; }

    public string Namespace { get; }

    public string DeviceId => $"{Oui}-{ProductClass}-{Serial}";

    public HttpClient Http => _http;

    /// <summary>Parameters this CPE reports in its Inform.</summary>
    public List<(string Name, string Value)> InformParameters { get; } = [];

    public Task<Reply> InformAsync(params string[] events)
        => PostAsync(Soap.Envelope(Soap.Inform(Oui, ProductClass, Serial, events.Length == 0 ? ["2 PERIODIC"] : events, InformParameters), "inform-1", Namespace));

    public Task<Reply> EmptyAsync() => PostAsync("");

    /// <summary>Posts a body (an envelope from <see cref="Soap"/> or raw text).</summary>
    public async Task<Reply> PostAsync(string body, string contentType = "text/xml")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _acs) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (body.Length == 0)
        {
            request.Content = new ByteArrayContent([]);
        }
        using var response = await _http.SendAsync(request);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    /// <summary>Answers the ACS's last request with <paramref name="body"/>, echoing its cwmp:ID.</summary>
    public Task<Reply> AnswerAsync(Reply request, string body) => PostAsync(Soap.Envelope(body, request.CwmpId, Namespace));

    public void Dispose() => _http.Dispose();

    /// <summary>What the ACS answered.</summary>
    public sealed partial record Reply(int Status, string Body, System.Net.Http.Headers.HttpResponseHeaders Headers)
    {
        /// <summary>The cwmp:ID in the answer, if any.</summary>
        public string? CwmpId => IdPattern().Match(Body) is { Success: true } m ? m.Groups[1].Value : null;

        /// <summary>The RPC element name in the body (e.g. GetParameterValues), if any.</summary>
        public string? Method => MethodPattern().Match(Body) is { Success: true } m ? m.Groups[1].Value : null;

        [GeneratedRegex(@"<cwmp:ID[^>]*>([^<]*)</cwmp:ID>")]
        private static partial Regex IdPattern();

        [GeneratedRegex(@"<soap-env:Body>\s*<(?:cwmp:|soap-env:)?(\w+)")]
        private static partial Regex MethodPattern();
    }
}
