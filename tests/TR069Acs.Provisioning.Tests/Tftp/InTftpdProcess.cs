using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Provisioning.Tests.Tftp;

/// <summary>The real tftp-hpa server on a loopback port, serving a temporary directory; killed on dispose.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class InTftpdProcess : IAsyncDisposable
{
    private readonly Process _process;

    private InTftpdProcess(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public static async Task<InTftpdProcess> StartAsync(IReadOnlyDictionary<string, byte[]> files)
    {
        var executable = TftpHpa.Require(TftpHpa.Server);
        var directory = System.IO.Directory.CreateTempSubdirectory("tftpd-").FullName;

        // in.tftpd serves as 'nobody': the directory and files must be world-readable.
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllBytesAsync(path, content);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var port = FreeUdpPort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--foreground", "--address", $"127.0.0.1:{port}", "--secure", directory },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("in.tftpd did not start");
        var server = new InTftpdProcess(process, directory, port);
        try
        {
            await server.WaitUntilServingAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
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
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Asks for a missing file until in.tftpd answers (ERROR 1), for at most ten seconds.</summary>
    private async Task WaitUntilServingAsync()
    {
        var options = new TftpClientOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"in.tftpd exited with {_process.ExitCode}: {await Bounded.WithinAsync(_process.StandardError.ReadToEndAsync(), "in.tftpd's error output", 10)}");
            }

            var probe = await TftpClient.DownloadAsync("127.0.0.1", Port, "readiness-probe-that-does-not-exist", options);
            if (probe.Outcome != TftpDownloadOutcome.Timeout)
            {
                return;
            }
        }

        throw new TimeoutException($"in.tftpd did not answer on 127.0.0.1:{Port}");
    }
}
