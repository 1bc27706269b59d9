using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TR069Acs.Cwmp.Auth;
using TR069Acs.Server.CpeAuth;

namespace TR069Acs.Server.Tests.Support;

/// <summary>A CPE driven by the test, message by message, over real HTTP with a cookie jar (or none).</summary>
/// <remarks>Like a factory phone it authenticates: it answers the ACS's Digest challenge with the lab bootstrap pair
/// until the ACS sets credentials of its own, and it answers the ACS's credential-binding SetParameterValues
/// (cwmp:ID <c>acs-bind-…</c>) by itself, keeping what it was given, so scripted exchanges keep their shape.
/// Set <see cref="Authenticate"/> or <see cref="AnswerBinding"/> to false to script those legs by hand.</remarks>
public sealed partial class ScriptedCpe : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _acs;
    private DigestChallenge? _challenge;
    private int _nonceCount;

    public ScriptedCpe(Uri acs, string oui, string productClass, string serial, string ns, bool useCookies, CpeSecrets? secrets = null)
    {
        _acs = acs;
        Secrets = secrets ?? new CpeSecrets();
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

    /// <summary>Answer Digest challenges with <see cref="Username"/>/<see cref="Password"/> (default true).</summary>
    public bool Authenticate { get; set; } = true;

    /// <summary>Answer the ACS's credential-binding SetParameterValues by itself (default true).</summary>
    public bool AnswerBinding { get; set; } = true;

    /// <summary>What the device keeps across sessions (as a phone keeps its settings): shared by every scripted CPE the same
    /// <see cref="TestAcs"/> makes for one device, so a "rebooted" CPE still knows its credentials.</summary>
    public CpeSecrets Secrets { get; }

    /// <summary>The CWMP user name it presents (the bootstrap one until the ACS sets its own).</summary>
    public string Username { get => Secrets.Username; set => Secrets.Username = value; }

    /// <summary>The CWMP password it presents.</summary>
    public string Password { get => Secrets.Password; set => Secrets.Password = value; }

    /// <summary>The Connection Request user name the ACS set, if any.</summary>
    public string? ConnectionRequestUsername { get => Secrets.ConnectionRequestUsername; private set => Secrets.ConnectionRequestUsername = value; }

    /// <summary>The Connection Request password the ACS set, if any.</summary>
    public string? ConnectionRequestPassword { get => Secrets.ConnectionRequestPassword; private set => Secrets.ConnectionRequestPassword = value; }

    /// <summary>How many credential-binding SetParameterValues it answered.</summary>
    public int BindingsAnswered { get; private set; }

    /// <summary>Parameters this CPE reports in its Inform.</summary>
    public List<(string Name, string Value)> InformParameters { get; } = [];

    public Task<Reply> InformAsync(params string[] events)
        => PostAsync(Soap.Envelope(Soap.Inform(Oui, ProductClass, Serial, events.Length == 0 ? ["2 PERIODIC"] : events, InformParameters), "inform-1", Namespace));

    public Task<Reply> EmptyAsync() => PostAsync("");

    /// <summary>Posts a body (an envelope from <see cref="Soap"/> or raw text).</summary>
    public async Task<Reply> PostAsync(string body, string contentType = "text/xml")
    {
        var reply = await SendAsync(body, contentType);
        for (var attempt = 0; reply.Status == 401 && Authenticate && attempt < 2; attempt++)
        {
            if (!LearnChallenge(reply))
            {
                break;
            }
            reply = await SendAsync(body, contentType);
        }
        while (AnswerBinding && reply.CwmpId is { } id && id.StartsWith("acs-bind-", StringComparison.Ordinal) && reply.Method == "SetParameterValues")
        {
            TakeCredentials(reply.Body);
            BindingsAnswered++;
            reply = await SendAsync(Soap.Envelope("<cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse>", id, Namespace),
                "text/xml");
        }
        return reply;
    }

    private async Task<Reply> SendAsync(string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _acs) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (body.Length == 0)
        {
            request.Content = new ByteArrayContent([]);
        }
        if (Authenticate && _challenge is { } challenge)
        {
            // Clients reuse a nonce within a connection with an increasing nonce count (RFC 7616 §3.4).
            var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            request.Headers.TryAddWithoutValidation("Authorization",
                DigestAuth.CreateAuthorization(challenge, "POST", _acs.PathAndQuery, Username, Password, cnonce, ++_nonceCount));
        }
        using var response = await _http.SendAsync(request);
        return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    private bool LearnChallenge(Reply reply)
    {
        if (!reply.Headers.TryGetValues("WWW-Authenticate", out var values))
        {
            return false;
        }
        foreach (var value in values)
        {
            if (DigestAuth.TryParseChallenge(value, out var challenge))
            {
                _challenge = challenge;
                _nonceCount = 0;
                return true;
            }
        }
        return false;
    }

    /// <summary>Takes the credentials a binding SetParameterValues sets without answering it (a phone that applied them
    /// and whose answer was lost).</summary>
    public void AdoptCredentials(Reply binding) => TakeCredentials(binding.Body);

    private void TakeCredentials(string body)
    {
        foreach (Match m in ValuePattern().Matches(body))
        {
            var name = m.Groups[1].Value;
            var value = WebUtility.HtmlDecode(m.Groups[2].Value);
            if (name.EndsWith(".ManagementServer.Username", StringComparison.Ordinal))
            {
                Username = value;
            }
            else if (name.EndsWith(".ManagementServer.Password", StringComparison.Ordinal))
            {
                Password = value;
            }
            else if (name.EndsWith(".ManagementServer.ConnectionRequestUsername", StringComparison.Ordinal))
            {
                ConnectionRequestUsername = value;
            }
            else if (name.EndsWith(".ManagementServer.ConnectionRequestPassword", StringComparison.Ordinal))
            {
                ConnectionRequestPassword = value;
            }
        }
    }

    /// <summary>Answers the ACS's last request with <paramref name="body"/>, echoing its cwmp:ID.</summary>
    public Task<Reply> AnswerAsync(Reply request, string body) => PostAsync(Soap.Envelope(body, request.CwmpId, Namespace));

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"<Name>([^<]*)</Name>\s*<Value[^>]*>([^<]*)</Value>")]
    private static partial Regex ValuePattern();

    /// <summary>The credentials a device holds.</summary>
    public sealed class CpeSecrets
    {
        public string Username { get; set; } = CpeAuthOptions.LabBootstrapUsername;

        public string Password { get; set; } = CpeAuthOptions.LabBootstrapPassword;

        public string? ConnectionRequestUsername { get; set; }

        public string? ConnectionRequestPassword { get; set; }
    }

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
