using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TR069Acs.Server.Tests.Support;

namespace TR069Acs.Server.Tests.Operators;

/// <summary>What the operator tests share: users and tokens made through the API, and requests that return status and body.</summary>
internal static class OperatorApi
{
    public const string Password = "correct horse battery";

    /// <summary>Creates a user as admin and returns a client logged in as it.</summary>
    public static async Task<HttpClient> UserAsync(TestAcs acs, string name, string role, params string[] tags)
    {
        var scope = tags.Length == 0 ? "null" : $$"""{"tags":[{{string.Join(',', tags.Select(t => $"\"{t}\""))}}]}""";
        var (status, body) = await SendAsync(acs.Api, HttpMethod.Post, "api/users",
            $$"""{"name":"{{name}}","role":"{{role}}","scope":{{scope}},"password":"{{Password}}"}""");
        Assert.True(status == 201, $"POST /api/users → {status}: {body?.ToJsonString()}");
        return await acs.LoginAsync(name, Password);
    }

    /// <summary>Pre-registers a CP-8841-3PCC with <paramref name="tag"/>; returns its id.</summary>
    public static async Task<string> DeviceAsync(TestAcs acs, string mac, string serial, string tag)
    {
        var (status, body) = await SendAsync(acs.Api, HttpMethod.Post, "api/devices",
            $$"""{"mac":"{{mac}}","serial":"{{serial}}","model":"CP-8841-3PCC","tags":["{{tag}}"]}""");
        Assert.True(status == 201, $"POST /api/devices → {status}: {body?.ToJsonString()}");
        return (string)body!["id"]!;
    }

    public static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null)
    {
        var (status, body, _) = await SendWithResponseAsync(http, method, path, json);
        return (status, body);
    }

    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendWithResponseAsync(HttpClient http, HttpMethod method, string path,
        string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public static async Task<HttpResponseMessage> LoginRawAsync(TestAcs acs, string user, string password)
    {
        using var anonymous = acs.Anonymous();
        return await anonymous.PostAsJsonAsync("api/auth/login", new { username = user, password });
    }
}
