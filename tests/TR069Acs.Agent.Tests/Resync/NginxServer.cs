using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TR069Acs.Agent.Tests.Resync;

/// <summary>
/// The real nginx (Debian package nginx, in tests/.apt-packages) serving a directory of static files on a loopback
/// port: the carrier's plain web server of the guides. One foreground process (<c>master_process off</c>, so it never
/// switches user and reads the test's private temp directory as it is), every path it writes inside its own prefix, and
/// an access log of path, status and User-Agent that tests read.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    private NginxServer(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal);

    public static string? Find() => new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists);

    /// <summary>The access log once it holds <paramref name="lines"/> lines (nginx writes a line after the response
    /// has gone out, so a client can be faster than the log): one line per request, <c>path status "User-Agent"</c>.</summary>
    public async Task<string[]> AccessLogAsync(int lines)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var log = AccessLog();
        while (log.Length < lines && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            log = AccessLog();
        }
        return log;
    }

    private string[] AccessLog()
    {
        var path = Path.Combine(_prefix, "access.log");
        if (!File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<NginxServer> StartAsync(string root)
    {
        var nginx = Find();
        Assert.True(nginx is not null, "nginx is not installed: apt-get install -y nginx (tests/.apt-packages)");
        var prefix = Directory.CreateTempSubdirectory("nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        var port = FreePort();
        var conf = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            daemon off;
            master_process off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 64; }
            http {
                log_format phone '$uri $status "$http_user_agent"';
                access_log {{prefix}}/access.log phone;
                client_body_temp_path {{prefix}}/temp/body;
                proxy_temp_path {{prefix}}/temp/proxy;
                fastcgi_temp_path {{prefix}}/temp/fastcgi;
                uwsgi_temp_path {{prefix}}/temp/uwsgi;
                scgi_temp_path {{prefix}}/temp/scgi;
                default_type application/octet-stream;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(nginx!)
        {
            ArgumentList = { "-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", conf },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var server = new NginxServer(process, prefix, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await server.AcceptsAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = File.Exists(Path.Combine(prefix, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(prefix, "error.log")) : "";
                await server.DisposeAsync();
                Assert.Fail($"nginx did not start on 127.0.0.1:{port}: {log}");
            }
            await Task.Delay(50);
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Bounded.Kill(_process);
        }
        _process.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A fact that needs nginx: skipped with the reason when it is missing, failed instead under CI=true.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxServer.Find() is null && !NginxServer.IsCi)
        {
            Skip = "nginx is not installed: apt-get install -y nginx (under CI=true this test fails instead)";
        }
    }
}
