using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Bench.Load;

/// <summary>Full CWMP sessions with HTTP Digest, as phones authenticate with <c>Acs:CpeAuth:Mode Credentials</c>: the
/// first session of a device presents the lab bootstrap pair and takes the credentials the ACS sets (its binding
/// SetParameterValues); later sessions present the device's own. Each worker keeps the last nonce it was given and reuses
/// it with an increasing nonce count (RFC 7616 §3.4), as CPE stacks do, so a steady session costs no extra round trip.</summary>
internal static partial class DigestSessionClient
{
    private const string BootstrapUser = "cwmp-bootstrap";
    private const string BootstrapPassword = "lab-bootstrap-not-for-production";

    private static readonly MediaTypeHeaderValue TextXml = MediaTypeHeaderValue.Parse("text/xml; charset=\"utf-8\"");

    public static Task<LoadResult> RunAsync(Uri target, byte[][] informs, (string User, string Password)?[] credentials, int sessions, int concurrency)
        => SessionClient.RunAsync(sessions, concurrency, () =>
        {
            var worker = new Worker();
            return (http, n) => worker.SessionAsync(http, target, informs[n % informs.Length], credentials, n % informs.Length);
        });

    private sealed class Worker
    {
        private DigestChallenge? _challenge;
        private int _nonceCount;

        public async Task<bool> SessionAsync(HttpClient http, Uri target, byte[] inform, (string User, string Password)?[] credentials, int device)
        {
            try
            {
                var (user, password) = credentials[device] ?? (BootstrapUser, BootstrapPassword);
                HttpResponseMessage? informResponse = null;
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    informResponse?.Dispose();
                    using var request = Post(target, inform);
                    if (_challenge is { } c)
                    {
                        request.Headers.TryAddWithoutValidation("Authorization", DigestAuth.CreateAuthorization(
                            c, "POST", target.PathAndQuery, user, password, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), ++_nonceCount));
                    }
                    informResponse = await http.SendAsync(request);
                    await informResponse.Content.ReadAsByteArrayAsync();
                    if (informResponse.StatusCode != HttpStatusCode.Unauthorized)
                    {
                        break;
                    }
                    if (!DigestAuth.TryParseChallenge(informResponse.Headers.WwwAuthenticate.FirstOrDefault()?.ToString() ?? "", out var fresh))
                    {
                        return false;
                    }
                    _challenge = fresh;
                    _nonceCount = 0;
                }
                using (informResponse)
                {
                    if (informResponse!.StatusCode != HttpStatusCode.OK)
                    {
                        return false;
                    }
                    var cookie = informResponse.Headers.TryGetValues("Set-Cookie", out var cookies)
                        ? string.Join("; ", cookies.Select(x => x.Split(';', 2)[0])) : null;
                    var body = Array.Empty<byte>();
                    while (true)
                    {
                        using var request = Post(target, body);
                        if (cookie is not null)
                        {
                            request.Headers.TryAddWithoutValidation("Cookie", cookie);
                        }
                        using var response = await http.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.NoContent)
                        {
                            return true;
                        }
                        var text = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.OK || IdPattern().Match(text) is not { Success: true } id)
                        {
                            return false;
                        }
                        // The ACS's binding SetParameterValues: keep the device's own credentials, accept.
                        string? newUser = null, newPassword = null;
                        foreach (Match m in ValuePattern().Matches(text))
                        {
                            if (m.Groups[1].Value.EndsWith(".ManagementServer.Username", StringComparison.Ordinal))
                            {
                                newUser = WebUtility.HtmlDecode(m.Groups[2].Value);
                            }
                            else if (m.Groups[1].Value.EndsWith(".ManagementServer.Password", StringComparison.Ordinal))
                            {
                                newPassword = WebUtility.HtmlDecode(m.Groups[2].Value);
                            }
                        }
                        if (newUser is not null && newPassword is not null)
                        {
                            credentials[device] = (newUser, newPassword);
                        }
                        body = Encoding.UTF8.GetBytes($"""
                            <soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
                            <soap-env:Header><cwmp:ID soap-env:mustUnderstand="1">{id.Groups[1].Value}</cwmp:ID></soap-env:Header>
                            <soap-env:Body><cwmp:SetParameterValuesResponse><Status>0</Status></cwmp:SetParameterValuesResponse></soap-env:Body></soap-env:Envelope>
                            """);
                    }
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }

    private static HttpRequestMessage Post(Uri target, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        if (body.Length > 0)
        {
            request.Content.Headers.ContentType = TextXml;
            request.Headers.TryAddWithoutValidation("SOAPAction", "");
        }
        return request;
    }

    [GeneratedRegex(@"<cwmp:ID[^>]*>([^<]*)</cwmp:ID>")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"<Name>([^<]*)</Name>\s*<Value[^>]*>([^<]*)</Value>")]
    private static partial Regex ValuePattern();
}
