using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TR069Acs.Bench.Load;

namespace TR069Acs.Bench.Profiles;

/// <summary>An <c>acs serve</c> process on a temporary SQLite data directory, every listener on a free loopback port
/// (TFTP off). Killed and its data deleted on dispose.</summary>
internal sealed class AcsServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private AcsServerProcess(Process process, DirectoryInfo data, int apiPort, int filesPort)
    {
        _process = process;
        _data = data;
        ApiUri = new Uri($"http://127.0.0.1:{apiPort}/api/");
        FilesUri = new Uri($"http://127.0.0.1:{filesPort}/");
    }

    /// <summary>The operator API, ending in <c>/api/</c>.</summary>
    public Uri ApiUri { get; }

    /// <summary>The admin's bearer token for the API.</summary>
    public string Token { get; private set; } = "";

    /// <summary>The file server (<c>/cfg/…</c>).</summary>
    public Uri FilesUri { get; }

    public static async Task<AcsServerProcess> StartAsync(string acsDll)
    {
        var data = Directory.CreateTempSubdirectory("acs-profile-bench-");
        var (apiPort, filesPort) = (InformLoadRun.FreePort(), InformLoadRun.FreePort());
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     acsDll, "serve", "--data", data.FullName, "--Acs:ListenAddress", "127.0.0.1", "--Acs:Limits:ConnectionsPerAddress", "100000",
                     "--Acs:CwmpPort", InformLoadRun.FreePort().ToString(CultureInfo.InvariantCulture),
                     "--Acs:ApiPort", apiPort.ToString(CultureInfo.InvariantCulture),
                     "--Acs:FilesPort", filesPort.ToString(CultureInfo.InvariantCulture),
                     "--Acs:TftpPort", "-1",
                     "--Logging:LogLevel:Default", "Warning", "--Acs:ConnectionRequests:AllowLoopback", "true",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start acs");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"[acs] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"[acs] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AcsServerProcess(process, data, apiPort, filesPort);
        try
        {
            await WaitForPortAsync(process, apiPort);
            await WaitForPortAsync(process, filesPort);
            using var login = new HttpClient { BaseAddress = server.ApiUri };
            server.Token = await BenchLogin.LoginAsync(login, data.FullName);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Resident set size now (VmRSS) and at its peak (VmHWM), in MB, from /proc.</summary>
    public (double Now, double Peak) RssMegabytes()
    {
        double now = double.NaN, peak = double.NaN;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                now = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }
        return (now, peak);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _data.Delete(recursive: true);
    }

    private static long Kilobytes(string line) => long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);

    private static async Task WaitForPortAsync(Process process, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"acs exited with {process.ExitCode} before listening on {port}");
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
