using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;

namespace TR069Acs.Server.Tests.Support;

/// <summary>A real ACS on 127.0.0.1, ports 0, in a temporary data directory.</summary>
public sealed class TestAcs : IAsyncDisposable
{
    private readonly Action<AcsOptions>? _configure;
    private WebApplication? _app;

    private TestAcs(string dataDirectory, Action<AcsOptions>? configure)
    {
        DataDirectory = dataDirectory;
        _configure = configure;
    }

    public string DataDirectory { get; }

    public Uri CwmpUri { get; private set; } = null!;

    /// <summary>A client of the API logged in as <c>admin</c> (bearer token).</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>The API base URL.</summary>
    public Uri ApiUri { get; private set; } = null!;

    /// <summary>The first start's admin password (DATA/initial-admin-password).</summary>
    public string AdminPassword => File.ReadAllText(Path.Combine(DataDirectory, "initial-admin-password")).Trim();

    /// <summary>A client of the API without credentials.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = ApiUri, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client of the API that sends <paramref name="token"/>.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Logs in and returns a client carrying the session's token.</summary>
    public async Task<HttpClient> LoginAsync(string user, string password)
    {
        using var anonymous = Anonymous();
        using var response = await anonymous.PostAsJsonAsync("api/auth/login", new { username = user, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"login as {user} → {(int)response.StatusCode}: {body}");
        return WithToken((string)JsonNode.Parse(body)!["token"]!);
    }

    /// <summary>A client of the file server (profiles under cfg/, firmware under firmware/).</summary>
    public HttpClient Files { get; private set; } = null!;

    public WebApplication App => _app!;

    public static async Task<TestAcs> StartAsync(Action<AcsOptions>? configure = null, string? dataDirectory = null)
    {
        var acs = new TestAcs(dataDirectory ?? Directory.CreateTempSubdirectory("acs-server-tests-").FullName, configure);
        await acs.StartAsync();
        return acs;
    }

    /// <summary>A real ACS on a database of its own on the test process's private PostgreSQL server
    /// (<c>Acs:Database postgres:…</c>), data directory (keys, firmware) in a temporary directory.</summary>
    public static async Task<TestAcs> StartOnPostgresAsync(Action<AcsOptions>? configure = null)
    {
        var connectionString = await PrivatePostgres.CreateDatabaseAsync("acs_host");
        return await StartAsync(o =>
        {
            o.Database = "postgres:" + connectionString;
            configure?.Invoke(o);
        });
    }

    private async Task StartAsync()
    {
        _app = AcsHost.Build(["--Logging:LogLevel:Default", "Warning"], o =>
        {
            // Every phone of the tests runs on loopback; the default (off) refuses Connection Requests to it (issue 16 §4).
            o.ConnectionRequests.AllowLoopback = true;
            o.DataDirectory = DataDirectory;
            o.ListenAddress = "127.0.0.1";
            o.CwmpPort = 0;
            o.ApiPort = 0;
            o.FilesPort = 0;
            o.TftpPort = 0;
            o.SyslogPort = 0;
            _configure?.Invoke(o);
        });
        await _app.StartAsync();
        CwmpUri = _app.GetCwmpUri();
        ApiUri = _app.GetApiUri();
        // Every /api call but /api/health needs a token: the client logs in as the first start's admin.
        Api = await LoginAsync("admin", AdminPassword);
        // With plain HTTP off (Acs:FilesPort -1) the file client points at the HTTPS listener.
        var plainFiles = _app.Services.GetRequiredService<AcsOptions>().FilesPort >= 0;
        Files = new HttpClient { BaseAddress = plainFiles ? _app.GetFilesUri() : _app.GetFilesTlsUri(), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task StopAsync()
    {
        Api?.Dispose();
        Files?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public ScriptedCpe Cpe(string serial = "SN0001", string oui = "00D09E", string productClass = "TestPhone",
        string ns = Soap.Cwmp12, bool useCookies = true)
        => new(CwmpUri, oui, productClass, serial, ns, useCookies, Secrets.GetOrAdd($"{oui}-{productClass}-{serial}", _ => new()));

    /// <summary>The credentials each scripted device holds (what a phone keeps across reboots).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, ScriptedCpe.CpeSecrets> Secrets { get; } = new(StringComparer.Ordinal);

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendJsonAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        var response = await Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>Queues a task through the API; returns the created task.</summary>
    public async Task<JsonObject> QueueAsync(string deviceId, object task, string query = "")
    {
        using var response = await Api.PostAsJsonAsync($"api/devices/{Uri.EscapeDataString(deviceId)}/tasks{query}", task);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST task → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonObject> TaskAsync(long id) => (await GetJsonAsync($"api/tasks/{id}")).AsObject();

    /// <summary>Polls until <paramref name="condition"/> holds (telemetry is written behind).</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 20)
        => Eventually.TrueAsync(condition, what, seconds);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
