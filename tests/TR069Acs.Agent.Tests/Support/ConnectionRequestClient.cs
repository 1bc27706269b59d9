using System.Net;
using TR069Acs.Cwmp.Auth;

namespace TR069Acs.Agent.Tests.Support;

/// <summary>Sends Connection Requests as an ACS does: GET, answer the digest challenge, GET again.</summary>
internal static class ConnectionRequestClient
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false });

    public static async Task<HttpResponseMessage> SendAsync(string url, string username, string password)
    {
        var first = await Http.GetAsync(url);
        if (first.StatusCode != HttpStatusCode.Unauthorized)
        {
            return first;
        }
        Assert.True(DigestAuth.TryParseChallenge(first.Headers.WwwAuthenticate.Single().ToString(), out var challenge));
        first.Dispose();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Authorization",
            DigestAuth.CreateAuthorization(challenge, "GET", new Uri(url).PathAndQuery, username, password, "0a4f113b", 1));
        return await Http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendUnauthenticatedAsync(HttpMethod method, string url)
        => Http.SendAsync(new HttpRequestMessage(method, url));
}
