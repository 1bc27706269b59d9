using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TR069Acs.Bench.Cluster;
using TR069Acs.Provisioning.Firmware;

namespace TR069Acs.Bench.Campaigns;

/// <summary>
/// The campaign run (issue 5 §5): one <c>acs phone --count N</c> process (10,000 phones) against one <c>acs serve</c>
/// process on SQLite, both on this machine. When every phone has registered, a 1 MiB image is uploaded and a campaign
/// with maxConcurrent 1,000 upgrades the whole fleet: wall time from <c>POST /api/campaigns</c> to <c>completed</c>,
/// the ACS's CPU seconds over that time and its peak RSS, and the fleet's peak RSS, all read from /proc.
/// Bounded: the run fails after <c>--timeout</c> seconds (default 600) wherever it is. With <c>--db postgres</c> the ACS
/// runs on a private PostgreSQL started by the bench (Quartz's job store clustered on it), and the server's CPU seconds
/// (postmaster and backends) are reported beside the ACS's.
/// </summary>
/// <remarks><c>./run.sh bench campaign [--phones 10000] [--max-concurrent 1000] [--image-bytes 1048576] [--timeout 600] [--db sqlite|postgres]</c></remarks>
internal static class CampaignLoadRun
{
    private const string Model = "CP-8841-3PCC";
    private const string TargetVersion = "sip88xx.12-0-2MPP0001-5";

    public static async Task<int> RunAsync(string[] args)
    {
        var phones = BenchArgs.Int(args, "--phones", 10_000);
        var maxConcurrent = BenchArgs.Int(args, "--max-concurrent", 1_000);
        var imageBytes = BenchArgs.Int(args, "--image-bytes", 1 << 20);
        var timeout = TimeSpan.FromSeconds(BenchArgs.Int(args, "--timeout", 600));
        var acsDll = BenchArgs.String(args, "--acs", Path.Combine(BenchArgs.RepoRoot(), ".build", "acs", "acs.dll"));
        var db = BenchArgs.String(args, "--db", "sqlite");
        if (!File.Exists(acsDll))
        {
            Console.Error.WriteLine($"acs not found at {acsDll}; run ./run.sh once to build it, or pass --acs PATH/acs.dll");
            return 2;
        }
        if (db is not ("sqlite" or "postgres") || (db == "postgres" && BenchPostgres.Problem is not null))
        {
            Console.Error.WriteLine(db == "postgres" ? $"bench campaign --db postgres: {BenchPostgres.Problem}" : $"--db must be sqlite or postgres, not '{db}'");
            return 2;
        }
        using var deadline = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"campaign run: {phones:N0} phones ({Model}), image {imageBytes:N0} bytes, maxConcurrent {maxConcurrent:N0}, --db {db}, limit {timeout.TotalSeconds:0} s");
        Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {LoadAverage()} at start");
        BenchPostgres? postgres = null;
        BenchAcs? server = null;
        BenchProcess? fleet = null;
        try
        {
            BenchNode? node = null;
            if (db == "postgres")
            {
                postgres = await BenchPostgres.StartAsync();
                var (connection, keys) = await postgres.NewDatabaseAsync("bench_campaign");
                node = new BenchNode(connection, keys, "acs1", null);
            }
            server = await BenchAcs.StartAsync(acsDll, "acs-campaign-bench-", node, deadline.Token, "--Acs:ConnectionRequests:AllowLoopback", "true");
            var acs = server.Process;
            var api = server.Api;
            fleet = server.StartFleet(acsDll, phones, "0023EB500000", Model);
            var registering = Stopwatch.StartNew();
            await fleet.WaitForAsync(async () => await server.RegisteredAsync(phones, deadline.Token), $"{phones:N0} phones to register", deadline.Token);
            Console.WriteLine($"registered: {phones:N0} phones in {registering.Elapsed.TotalSeconds:0.0} s");

            var payload = new byte[imageBytes];
            new Random(1).NextBytes(payload);
            using var upload = await api.PostAsync("api/firmware", new ByteArrayContent(FirmwareImage.Pack([Model], TargetVersion, payload)), deadline.Token);
            var firmware = JsonNode.Parse(await upload.Content.ReadAsStringAsync(deadline.Token))!;
            if (!upload.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"upload refused: {firmware.ToJsonString()}");
            }

            var cpuBefore = acs.CpuSeconds();
            var fleetCpuBefore = fleet.CpuSeconds();
            var postgresCpuBefore = postgres?.CpuSeconds();
            var wall = Stopwatch.StartNew();
            using var create = await api.PostAsJsonAsync("api/campaigns", new
            {
                name = "bench",
                firmwareId = (string)firmware["id"]!,
                selector = new { models = new[] { Model } },
                maxConcurrent,
                stopRules = new { maxFailures = 100, confirmTimeoutSeconds = 600 },
            }, deadline.Token);
            var created = JsonNode.Parse(await create.Content.ReadAsStringAsync(deadline.Token))!;
            if (!create.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"campaign refused: {created.ToJsonString()}");
            }
            var id = created["id"]!.ToJsonString().Trim('"');
            JsonNode campaign;
            var lastLine = TimeSpan.Zero;
            while (true)
            {
                campaign = JsonNode.Parse(await api.GetStringAsync($"api/campaigns/{id}", deadline.Token))!;
                var status = (string)campaign["status"]!;
                if (status is "completed" or "stopped" or "cancelled")
                {
                    break;
                }
                if (wall.Elapsed - lastLine >= TimeSpan.FromSeconds(5))
                {
                    lastLine = wall.Elapsed;
                    Console.WriteLine($"  {wall.Elapsed.TotalSeconds,5:0} s {status} {Counts(campaign)}  ACS RSS {acs.RssMegabytes():0} MB");
                }
                await Task.Delay(250, deadline.Token);
            }
            var seconds = wall.Elapsed.TotalSeconds;
            var cpu = acs.CpuSeconds() - cpuBefore;
            var fleetCpu = fleet.CpuSeconds() - fleetCpuBefore;
            var postgresCpu = postgres?.CpuSeconds() - postgresCpuBefore;
            var acsPeak = acs.PeakRssMegabytes();
            var fleetPeak = fleet.PeakRssMegabytes();

            Console.WriteLine();
            Console.WriteLine("| phones | image | maxConcurrent | status | succeeded | failed | wall s | ACS CPU s | ACS peak RSS MB | fleet CPU s | fleet peak RSS MB |");
            Console.WriteLine("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phones:N0} | {imageBytes / 1024.0 / 1024.0:0.##} MiB | {maxConcurrent:N0} | {campaign["status"]} | {(long)campaign["counts"]!["succeeded"]!:N0} | {(long)campaign["counts"]!["failed"]!:N0} | {seconds:0.0} | {cpu:0.0} | {acsPeak:0} | {fleetCpu:0.0} | {fleetPeak:0} |"));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"devices/s: {phones / seconds:0}; ACS CPU per device: {cpu * 1000 / phones:0.00} ms; target: completed in under 180 s"));
            if (postgresCpu is { } pg)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"PostgreSQL CPU (postmaster and backends): {pg:0.0} s, {pg * 1000 / phones:0.00} ms per device"));
            }
            Console.WriteLine($"load average at end: {LoadAverage()}");
            return (string)campaign["status"]! == "completed" && (long)campaign["counts"]!["succeeded"]! == phones ? 0 : 1;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Console.Error.WriteLine($"campaign run: gave up after {timeout.TotalSeconds:0} s (at {clock.Elapsed.TotalSeconds:0} s)");
            Console.Error.WriteLine(server?.Process.RecentOutput());
            Console.Error.WriteLine(fleet?.RecentOutput());
            return 1;
        }
        finally
        {
            fleet?.Dispose();
            server?.Dispose();
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Counts(JsonNode campaign)
    {
        var c = campaign["counts"]!;
        return $"succeeded {(long)c["succeeded"]!:N0} failed {(long)c["failed"]!:N0} inProgress {(long)c["inProgress"]!:N0} pending {(long)c["pending"]!:N0}";
    }
}
