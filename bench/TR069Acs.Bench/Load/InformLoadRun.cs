using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TR069Acs.Cwmp;

namespace TR069Acs.Bench.Load;

/// <summary>
/// The session load run: C concurrent clients run full CWMP sessions (Inform → InformResponse → empty POST → 204)
/// against the real ACS (a separate <c>acs serve</c> process on SQLite), then against a trivial endpoint in this
/// process that answers the same bytes without doing any work. The ratio of the two throughputs shows what the
/// ACS's own work costs; the ACS's peak RSS is read from /proc (VmHWM).
/// </summary>
internal static class InformLoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sessions = BenchArgs.Int(args, "--sessions", 60_000);
        var concurrency = BenchArgs.Int(args, "--concurrency", 64);
        var devices = BenchArgs.Int(args, "--devices", 10_000);
        var acsDll = BenchArgs.String(args, "--acs", Path.Combine(BenchArgs.RepoRoot(), ".build", "acs", "acs.dll"));
        if (!File.Exists(acsDll))
        {
            Console.Error.WriteLine($"acs not found at {acsDll}; run ./run.sh once to build it, or pass --acs PATH/acs.dll");
            return 2;
        }

        var informs = InformCorpus.Build(devices);
        Console.WriteLine($"load: {sessions:N0} sessions, {concurrency} concurrent clients, {devices:N0} distinct devices, Inform {informs[0].Length:N0} bytes");

        // Warm-up registers every device so the measured run is the steady state (periodic informs of known phones).
        var dataDir = Directory.CreateTempSubdirectory("acs-bench-");
        var cwmpPort = FreePort();
        var apiPort = FreePort();
        using var acs = StartAcs(acsDll, dataDir.FullName, cwmpPort, apiPort);
        try
        {
            var acsUri = new Uri($"http://127.0.0.1:{cwmpPort}/");
            await WaitForPortAsync(cwmpPort, TimeSpan.FromSeconds(30));
            await SessionClient.RunAsync(acsUri, informs, devices, concurrency);
            var acsResult = await SessionClient.RunAsync(acsUri, informs, sessions, concurrency);
            var peakRssMb = PeakRssMegabytes(acs.Id);

            await using var trivial = await TrivialEndpoint.StartAsync();
            await SessionClient.RunAsync(trivial.Uri, informs, Math.Min(devices, sessions), concurrency);
            var trivialResult = await SessionClient.RunAsync(trivial.Uri, informs, sessions, concurrency);

            Console.WriteLine();
            Console.WriteLine("| target | sessions | errors | sessions/s | p50 ms | p99 ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            Console.WriteLine(acsResult.Row("ACS on SQLite"));
            Console.WriteLine(trivialResult.Row("trivial endpoint"));
            Console.WriteLine();
            Console.WriteLine($"ratio ACS / trivial: {acsResult.SessionsPerSecond / trivialResult.SessionsPerSecond:F2}");
            Console.WriteLine($"ACS peak RSS: {peakRssMb:N0} MB");
            return acsResult.Errors == 0 ? 0 : 1;
        }
        finally
        {
            acs.Kill(entireProcessTree: true);
            await acs.WaitForExitAsync();
            dataDir.Delete(recursive: true);
        }
    }

    private static Process StartAcs(string acsDll, string dataDir, int cwmpPort, int apiPort)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
                 {
                     acsDll, "serve", "--data", dataDir, "--Acs:ListenAddress", "127.0.0.1",
                     "--Acs:CwmpPort", cwmpPort.ToString(), "--Acs:ApiPort", apiPort.ToString(), "--Acs:FilesPort", FreePort().ToString(), "--Acs:TftpPort", "-1", "--Acs:SyslogPort", "-1",
                     "--Logging:LogLevel:Default", "Warning",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start acs");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"[acs] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"[acs] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static double PeakRssMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim()) / 1024.0;
            }
        }
        return double.NaN;
    }

    private static async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
