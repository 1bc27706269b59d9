using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary><c>acs serve</c> as a real process on fixed loopback ports and a data directory that outlive it, so the
/// test can SIGKILL it (<see cref="Process.Kill()"/> on Linux) and start it again where it stopped.</summary>
public sealed class AcsProcess : IAsyncDisposable
{
    private static readonly string AcsDll = Path.Combine(AppContext.BaseDirectory, "acs.dll");
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string[] _settings;
    private readonly Func<string?> _adminPassword;
    private Process? _process;

    private AcsProcess(string dataDirectory, string[] settings, Func<string?>? adminPassword = null)
    {
        DataDirectory = dataDirectory;
        _settings = settings;
        _adminPassword = adminPassword ?? (() => File.ReadAllText(Path.Combine(DataDirectory, "initial-admin-password")).Trim());
        CwmpPort = FreePort();
        ApiPort = FreePort();
        FilesPort = FreePort();
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public int CwmpPort { get; }

    public int ApiPort { get; }

    public int FilesPort { get; }

    public Uri CwmpUri => new($"http://127.0.0.1:{CwmpPort}/");

    public Uri ApiUri => Api.BaseAddress!;

    /// <summary>A client of the API logged in as admin.</summary>
    public HttpClient Api { get; }

    /// <summary>The admin session's bearer token (the CLI's --token / ACS_TOKEN).</summary>
    public string Token { get; private set; } = "";

    /// <summary>How many times the process has been started.</summary>
    public int Starts { get; private set; }

    /// <summary>The last lines the process wrote, for assertion messages.</summary>
    public string RecentOutput => string.Join('\n', _output.TakeLast(40));

    /// <summary>Starts the process; <paramref name="settings"/> are further command-line settings (<c>--Acs:X</c>, value).</summary>
    public static async Task<AcsProcess> StartAsync(params string[] settings)
    {
        var acs = new AcsProcess(Directory.CreateTempSubdirectory("acs-campaign-").FullName, settings);
        await acs.StartAgainAsync();
        return acs;
    }

    /// <summary>Starts the process on an existing data directory (a copied or restored install).</summary>
    public static async Task<AcsProcess> StartOnAsync(string dataDirectory, params string[] settings)
    {
        var acs = new AcsProcess(dataDirectory, settings);
        await acs.StartAgainAsync();
        return acs;
    }

    /// <summary>Starts the process on <paramref name="dataDirectory"/> and logs in with the admin password
    /// <paramref name="adminPassword"/> returns once it is known (null until then): a node of several on one database,
    /// where the node that created the admin wrote the password into its own data directory.</summary>
    public static async Task<AcsProcess> StartOnAsync(string dataDirectory, Func<string?> adminPassword, params string[] settings)
    {
        var acs = new AcsProcess(dataDirectory, settings, adminPassword);
        await acs.StartAgainAsync();
        return acs;
    }

    /// <summary>Starts <c>acs serve</c> on the same ports and data directory and waits until the API answers.</summary>
    public async Task StartAgainAsync()
    {
        Assert.True(_process is null or { HasExited: true }, "the ACS process is still running");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     AcsDll, "serve", "--data", DataDirectory,
                     "--Acs:ListenAddress", "127.0.0.1", "--Acs:CwmpPort", $"{CwmpPort}", "--Acs:ApiPort", $"{ApiPort}",
                     "--Acs:FilesPort", $"{FilesPort}", "--Acs:TftpPort", "-1", "--Acs:SyslogPort", "0", "--Acs:FilesTlsPort", "0",
                     "--Logging:LogLevel:Default", "Warning",
                     // The fleet runs on loopback, where Connection Requests are refused by default (issue 16 §4).
                     "--Acs:ConnectionRequests:AllowLoopback", "true",
                 }.Concat(_settings))
        {
            psi.ArgumentList.Add(a);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start acs serve");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, $"acs serve exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{RecentOutput}");
            try
            {
                using var health = await Api.GetAsync("api/health");
                // The first start wrote the admin password; every start logs in again (a session per process run).
                if (health.IsSuccessStatusCode && _adminPassword() is { } password)
                {
                    Token = await Infrastructure.AcsInstance.LoginAsync(ApiUri, "admin", password);
                    Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, $"acs serve did not answer on {ApiUri} within 60 s:\n{RecentOutput}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, buffers are lost, the database is left as the crash leaves it.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await Bounded.ExitAsync(process, "acs serve after SIGKILL", 30);
        }
    }

    /// <summary>A clean stop, as a service manager makes it: SIGTERM, then the process ends on its own (exit code 0),
    /// having finished its shutdown (Quartz's running jobs, the node's row in <c>cluster_nodes</c> marked stopped).</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync();
            }
            await Bounded.ExitAsync(process, "acs serve after SIGTERM", 60);
            Assert.True(process.ExitCode == 0, $"acs serve exited with {process.ExitCode} after SIGTERM:\n{RecentOutput}");
        }
    }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Api.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
