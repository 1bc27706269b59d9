using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using TR069Acs.Server;

namespace TR069Acs.EndToEnd.Tests.Infrastructure;

/// <summary>A real ACS on loopback ports (port 0) with a temporary SQLite data directory.</summary>
public sealed class AcsInstance : IAsyncDisposable
{
    private WebApplication? _app;

    private AcsInstance(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public Uri CwmpUri { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>The running ACS (its listeners: GetFilesUri, GetTftpEndPoint, GetSyslogEndPoint).</summary>
    public WebApplication App => _app ?? throw new InvalidOperationException("the ACS is stopped");

    public static async Task<AcsInstance> StartAsync(string? dataDirectory = null, Action<AcsOptions>? configure = null)
    {
        var instance = new AcsInstance(dataDirectory ?? Directory.CreateTempSubdirectory("acs-e2e-").FullName);
        await instance.StartAsync(configure);
        return instance;
    }

    private async Task StartAsync(Action<AcsOptions>? configure)
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
            configure?.Invoke(o);
        });
        await _app.StartAsync();
        CwmpUri = _app.GetCwmpUri();
        // Every /api call but /api/health needs a token: the client logs in as the first start's admin.
        Token = await LoginAsync(_app.GetApiUri(), "admin", AdminPassword);
        Api = new HttpClient { BaseAddress = _app.GetApiUri(), Timeout = TimeSpan.FromSeconds(90) };
        Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>The admin session's bearer token (for the CLI: --token or ACS_TOKEN).</summary>
    public string Token { get; private set; } = null!;

    /// <summary>The first start's admin password (DATA/initial-admin-password).</summary>
    public string AdminPassword => File.ReadAllText(Path.Combine(DataDirectory, "initial-admin-password")).Trim();

    /// <summary>Logs in to the API at <paramref name="api"/>; returns the bearer token.</summary>
    public static async Task<string> LoginAsync(Uri api, string user, string password)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(90) };
        using var response = await http.PostAsJsonAsync("api/auth/login", new { username = user, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"login as {user} → {(int)response.StatusCode}: {body}");
        return (string)JsonNode.Parse(body)!["token"]!;
    }

    /// <summary>Stops the ACS (flushing what it buffers) and starts it again on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync(null);
    }

    public async Task StopAsync()
    {
        Api?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<JsonArray> GetArrayAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} → {(int)response.StatusCode}: {body}");
        var node = JsonNode.Parse(body)!;
        // Accept both a bare array and a paged envelope { items: [...] }.
        return node as JsonArray ?? node["items"]!.AsArray();
    }

    /// <summary>Queues a task with a connection request and waits for it to finish; returns the task as the API shows it.</summary>
    public async Task<JsonObject> RunTaskAsync(string deviceId, object task, int waitSeconds = 60)
    {
        using var response = await Api.PostAsJsonAsync(
            $"api/devices/{Uri.EscapeDataString(deviceId)}/tasks?connectionRequest=true&wait={waitSeconds}", task,
            new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST task → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Polls the API until <paramref name="condition"/> holds (the ACS writes telemetry behind).</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 30)
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
