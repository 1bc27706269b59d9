using System.Diagnostics;
using System.Globalization;

namespace TR069Acs.Bench.Fleet;

/// <summary>
/// The fleet run (README "A 10,000-phone fleet in one process"): one <c>acs phone --count N</c> process against one
/// <c>acs serve</c> process on SQLite, both on this machine. Reports the time until the ACS has registered every
/// phone, phones registered per second, the fleet's peak RSS (VmHWM) per phone, and the most sockets the fleet held
/// open at once (each phone's sessions run on the phone's own connections; idle connections are closed).
/// </summary>
/// <remarks><c>./run.sh bench fleet [--phones 10000] [--timeout 600]</c></remarks>
internal static class FleetLoadRun
{
    private const string Model = "CP-8841-3PCC";

    public static async Task<int> RunAsync(string[] args)
    {
        var phones = BenchArgs.Int(args, "--phones", 10_000);
        var timeout = TimeSpan.FromSeconds(BenchArgs.Int(args, "--timeout", 600));
        var acsDll = BenchArgs.String(args, "--acs", Path.Combine(BenchArgs.RepoRoot(), ".build", "acs", "acs.dll"));
        if (!File.Exists(acsDll))
        {
            Console.Error.WriteLine($"acs not found at {acsDll}; run ./run.sh once to build it, or pass --acs PATH/acs.dll");
            return 2;
        }
        using var deadline = new CancellationTokenSource(timeout);
        Console.WriteLine($"fleet run: {phones:N0} phones ({Model}), limit {timeout.TotalSeconds:0} s");
        BenchAcs? acs = null;
        BenchProcess? fleet = null;
        try
        {
            acs = await BenchAcs.StartAsync(acsDll, "acs-fleet-bench-", deadline.Token);
            var api = acs.Api;
            fleet = acs.StartFleet(acsDll, phones, "0023EB600000", Model);
            var registering = Stopwatch.StartNew();
            var maxSockets = 0;
            var process = fleet;
            await fleet.WaitForAsync(async () =>
            {
                maxSockets = Math.Max(maxSockets, Sockets(process.Id));
                return await acs.RegisteredAsync(phones, deadline.Token);
            }, $"{phones:N0} phones to register", deadline.Token);
            var seconds = registering.Elapsed.TotalSeconds;
            var peak = fleet.PeakRssMegabytes();
            var cpu = fleet.CpuSeconds();

            Console.WriteLine();
            Console.WriteLine("| phones | registered after s | phones/s | fleet peak RSS MB | KB per phone | fleet CPU s | most fleet sockets |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phones:N0} | {seconds:0.0} | {phones / seconds:0} | {peak:0} | {peak * 1024 / phones:0.0} | {cpu:0.0} | {maxSockets:N0} |"));
            return 0;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Console.Error.WriteLine($"fleet run: gave up after {timeout.TotalSeconds:0} s");
            Console.Error.WriteLine(acs?.Process.RecentOutput());
            Console.Error.WriteLine(fleet?.RecentOutput());
            return 1;
        }
        finally
        {
            fleet?.Dispose();
            acs?.Dispose();
        }
    }

    /// <summary>Open sockets of a process (its file descriptors that are sockets), 0 when /proc cannot tell.</summary>
    private static int Sockets(int pid)
    {
        try
        {
            var count = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    count++;
                }
            }
            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
