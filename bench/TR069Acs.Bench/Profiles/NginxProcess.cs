using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TR069Acs.Bench.Load;

namespace TR069Acs.Bench.Profiles;

/// <summary>
/// nginx serving a directory of static files on a loopback port, from a generated minimal configuration: worker
/// processes as many as cores, no access log, sendfile, long keep-alive, and every path it writes (pid, error log,
/// temp directories) inside its own temporary prefix, so it needs no system configuration and no privileged port.
/// Run in the foreground (<c>daemon off</c>) and killed on dispose.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    private static readonly UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly Process _process;
    private readonly string _prefix;

    private NginxProcess(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Uri = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Uri { get; }

    /// <summary>The nginx executable on PATH or in /usr/sbin, or null.</summary>
    public static string? Find()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin"])
            .Select(dir => Path.Combine(dir, "nginx"))
            .FirstOrDefault(File.Exists);

    /// <summary>Writes <paramref name="files"/> (relative path → bytes) under a new document root and starts nginx on it.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<NginxProcess> StartAsync(string executable, IReadOnlyDictionary<string, byte[]> files)
    {
        var prefix = Directory.CreateTempSubdirectory("nginx-bench-").FullName;
        // Run as root, nginx's workers drop to 'nobody': everything they read must be world-readable.
        File.SetUnixFileMode(prefix, DirectoryMode);
        var root = Path.Combine(prefix, "www");
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(root, name);
            CreateReadable(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, content);
            File.SetUnixFileMode(path, FileMode);
        }
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));

        var port = BenchProcess.FreePort();
        var conf = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, Config(prefix, root, port, Environment.UserName == "root"));
        var psi = new ProcessStartInfo(executable)
        {
            // -e: the error log before the configuration is read (1.19.5+); -p: relative paths resolve in the prefix.
            ArgumentList = { "-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", conf },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start nginx");
        var nginx = new NginxProcess(process, prefix, port);
        try
        {
            await nginx.WaitUntilListeningAsync(port);
        }
        catch
        {
            await nginx.DisposeAsync();
            throw;
        }
        return nginx;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The master process stops its workers on SIGTERM; a kill of the tree leaves nothing behind either way.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }

    private static string Config(string prefix, string root, int port, bool asRoot) => string.Create(CultureInfo.InvariantCulture, $$"""
        {{(asRoot ? "user nobody nogroup;" : "")}}
        worker_processes auto;
        daemon off;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log warn;
        events { worker_connections 4096; }
        http {
            access_log off;
            sendfile on;
            tcp_nopush on;
            tcp_nodelay on;
            keepalive_timeout 65;
            keepalive_requests 1000000;
            default_type application/octet-stream;
            client_body_temp_path {{prefix}}/temp/body;
            proxy_temp_path {{prefix}}/temp/proxy;
            fastcgi_temp_path {{prefix}}/temp/fastcgi;
            uwsgi_temp_path {{prefix}}/temp/uwsgi;
            scgi_temp_path {{prefix}}/temp/scgi;
            server {
                listen 127.0.0.1:{{port}};
                root {{root}};
                location / { }
            }
        }
        """);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CreateReadable(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }
        CreateReadable(Path.GetDirectoryName(directory)!);
        Directory.CreateDirectory(directory, DirectoryMode);
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (_process.HasExited)
            {
                var log = Path.Combine(_prefix, "error.log");
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}"
                    + (File.Exists(log) ? await File.ReadAllTextAsync(log) : ""));
            }
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
