using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Tests.Shared;

/// <summary>
/// The real HAProxy (Debian package haproxy, in tests/.apt-packages) in front of test nodes, in the foreground on
/// loopback ports, configured by <c>deploy/haproxy.cfg</c> itself: the documented file with its bind ports and server
/// addresses replaced by the test's, so the configuration the README gives is the one the tests run. Shared by the test
/// projects as a linked source file (Server.Tests' in-process nodes, EndToEnd's <c>acs serve</c> processes).
/// </summary>
internal sealed partial class Haproxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private readonly System.Text.StringBuilder _errors;

    private Haproxy(Process process, string directory, int cwmp, int api, int files, System.Text.StringBuilder errors)
    {
        _process = process;
        _errors = errors;
        _directory = directory;
        CwmpUri = new Uri($"http://127.0.0.1:{cwmp}/");
        ApiUri = new Uri($"http://127.0.0.1:{api}/");
        FilesUri = new Uri($"http://127.0.0.1:{files}/");
    }

    /// <summary>What HAProxy wrote to stderr so far (server state changes: "Server acs_cwmp/acs1 is UP").</summary>
    public string Log
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public Uri CwmpUri { get; }

    public Uri ApiUri { get; }

    public Uri FilesUri { get; }

    /// <summary>Starts HAProxy in front of <paramref name="nodes"/> on free loopback ports.</summary>
    public static Task<Haproxy> StartAsync(IReadOnlyList<HaproxyNode> nodes) => StartAsync(nodes, HaproxyPorts.Free());

    /// <summary>Starts HAProxy in front of <paramref name="nodes"/> on <paramref name="ports"/>, chosen beforehand when the
    /// nodes must know them (e.g. <c>Acs:FilesPublicUrl</c> naming the balanced file server).</summary>
    public static async Task<Haproxy> StartAsync(IReadOnlyList<HaproxyNode> nodes, HaproxyPorts ports)
    {
        var haproxy = HaproxyConfig.Find();
        Assert.True(haproxy is not null, "haproxy is not installed: apt-get install -y haproxy (tests/.apt-packages)");
        var directory = Directory.CreateTempSubdirectory("haproxy-").FullName;
        var (cwmp, api, files) = (ports.Cwmp, ports.Api, ports.Files);
        var config = Path.Combine(directory, "haproxy.cfg");
        var documented = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "haproxy.cfg"));
        await File.WriteAllTextAsync(config, HaproxyConfig.Configure(documented, nodes, cwmp, api, files));
        var process = Process.Start(new ProcessStartInfo(haproxy!)
        {
            // -db: foreground, no daemon; -f the configuration.
            ArgumentList = { "-db", "-f", config },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var proxy = new Haproxy(process, directory, cwmp, api, files, errors);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await AcceptsAsync(cwmp) || !await AcceptsAsync(api) || !await AcceptsAsync(files))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await proxy.DisposeAsync();
                lock (errors)
                {
                    Assert.Fail($"haproxy did not start on 127.0.0.1:{cwmp}/{api}/{files}: {errors}");
                }
            }
            await Task.Delay(50);
        }
        return proxy;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Bounded.Kill(_process);
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TR069Acs.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no TR069Acs.sln above {AppContext.BaseDirectory}");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>HAProxy's three frontends (loopback ports).</summary>
internal sealed record HaproxyPorts(int Cwmp, int Api, int Files)
{
    /// <summary>Three free loopback ports.</summary>
    public static HaproxyPorts Free() => new(Haproxy.FreePort(), Haproxy.FreePort(), Haproxy.FreePort());

    public Uri CwmpUri => new($"http://127.0.0.1:{Cwmp}/");

    public Uri ApiUri => new($"http://127.0.0.1:{Api}/");

    public Uri FilesUri => new($"http://127.0.0.1:{Files}/");
}
