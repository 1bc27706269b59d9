using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TR069Acs.Bench;

/// <summary>The benchmarks drive the operator API as its first-start admin: the password from <c>DATA/initial-admin-password</c>.</summary>
internal static class BenchLogin
{
    /// <summary>Logs <paramref name="api"/> (base address: the API root) in as admin; returns the bearer token.</summary>
    public static async Task<string> LoginAsync(HttpClient api, string dataDirectory, CancellationToken cancellationToken = default)
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "initial-admin-password"), cancellationToken)).Trim();
        using var response = await api.PostAsJsonAsync(new Uri(api.BaseAddress!, "/api/auth/login"), new { username = "admin", password }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"login as admin failed: {(int)response.StatusCode} {body}");
        }
        var token = (string)JsonNode.Parse(body)!["token"]!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }
}
