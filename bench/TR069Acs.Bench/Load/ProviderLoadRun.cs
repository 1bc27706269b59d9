using System.Diagnostics;
using System.Globalization;
using TR069Acs.Bench.Cluster;

namespace TR069Acs.Bench.Load;

/// <summary>
/// <c>bench load --db postgres</c> (issue 10 §6): the same session load, in one invocation, against one <c>acs serve</c>
/// on SQLite, one on a private PostgreSQL, the same with <c>Acs:Cluster:Mode Single</c> (the storage without the cluster's
/// per-session lease and queue read), and two on one PostgreSQL database behind the real HAProxy
/// (<c>deploy/haproxy.cfg</c>). Each setup gets fresh processes and a fresh database, a warm-up that registers every
/// device, then the measured run. Besides sessions per second it reads from /proc the CPU time each part spent during the
/// measured run (the ACS nodes, PostgreSQL's postmaster and backends, HAProxy, this load client) and divides it by the
/// sessions: on a small machine shared by all of them that cost, not the absolute rate, is what scales. Per PostgreSQL
/// setup it prints the statements per session (pg_stat_statements), the round trips behind the ratio.
/// </summary>
internal static class ProviderLoadRun
{
    public static async Task<int> RunAsync(string acsDll, byte[][] informs, int sessions, int concurrency, int devices, string mode,
        string postgresOptions)
    {
        if ((BenchPostgres.Problem ?? BenchHaproxy.Problem) is { } problem)
        {
            Console.Error.WriteLine($"bench load --db postgres: {problem}");
            return 2;
        }
        Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, load average {LoadAverage()} (1, 5, 15 min) at start");
        var results = new List<(string Name, Measured M)>();
        await using (var postgres = await BenchPostgres.StartAsync())
        {
            results.Add(("ACS on SQLite, 1 node", await MeasureAsync(acsDll, null, 1, mode, informs, devices, sessions, concurrency, "", "Auto")));
            results.Add(("ACS on PostgreSQL, 1 node", await MeasureAsync(acsDll, postgres, 1, mode, informs, devices, sessions, concurrency, postgresOptions, "Auto")));
            // The same node told it is alone on the database (Acs:Cluster:Mode Single): no device lease and no read of
            // the task queue per session. Not how a cluster runs; it tells the storage's cost from the cluster's.
            results.Add(("ACS on PostgreSQL, 1 node, Acs:Cluster:Mode Single", await MeasureAsync(acsDll, postgres, 1, mode, informs, devices, sessions, concurrency, postgresOptions, "Single")));
            results.Add(("ACS on PostgreSQL, 2 nodes behind HAProxy", await MeasureAsync(acsDll, postgres, 2, mode, informs, devices, sessions, concurrency, postgresOptions, "Auto")));
        }

        Console.WriteLine();
        Console.WriteLine("| setup | sessions | errors | sessions/s | p50 ms | p99 ms | ACS CPU ms/session | PostgreSQL CPU ms/session | HAProxy CPU ms/session | load client CPU ms/session |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, m) in results)
        {
            var r = m.Result;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {r.Sessions:N0} | {r.Errors:N0} | {r.SessionsPerSecond:N0} | {r.P50Ms:F1} | {r.P99Ms:F1} | {PerSession(m.AcsCpu, r)} | {(m.PostgresCpu is { } pg ? PerSession(pg, r) : "–")} | {(m.ProxyCpu is { } hp ? PerSession(hp, r) : "–")} | {PerSession(m.ClientCpu, r)} |"));
        }
        Console.WriteLine();
        var sqlite = results[0].M.Result.SessionsPerSecond;
        var pg1 = results[1].M.Result.SessionsPerSecond;
        var single = results[2].M.Result.SessionsPerSecond;
        var pg2 = results[3].M.Result.SessionsPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PostgreSQL 1 node / SQLite: {pg1 / sqlite:F2} (target ≥ 0.5); Mode Single / SQLite: {single / sqlite:F2}; PostgreSQL 2 nodes / 1 node: {pg2 / pg1:F2}; 2 nodes / SQLite: {pg2 / sqlite:F2}"));
        Console.WriteLine($"load average at end: {LoadAverage()}; ACS peak RSS per node: {string.Join(", ", results.Select(x => $"{x.M.PeakRssMb:N0} MB"))}");
        return results.All(x => x.M.Result.Errors == 0) ? 0 : 1;
    }

    private sealed record Measured(LoadResult Result, double AcsCpu, double? PostgresCpu, double? ProxyCpu, double ClientCpu, double PeakRssMb);

    private static async Task<Measured> MeasureAsync(string acsDll, BenchPostgres? postgres, int nodeCount, string mode, byte[][] informs,
        int devices, int sessions, int concurrency, string postgresOptions, string clusterMode)
    {
        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var nodes = new List<BenchAcs>();
        BenchHaproxy? proxy = null;
        string? database = null;
        try
        {
            string[] settings = ["--Acs:CpeAuth:Mode", mode, "--Acs:ConnectionRequests:AllowLoopback", "true", "--Acs:Cluster:Mode", clusterMode];
            if (postgres is null)
            {
                nodes.Add(await BenchAcs.StartAsync(acsDll, "acs-bench-sqlite-", starting.Token, settings));
            }
            else
            {
                var (db, keys) = await postgres.NewDatabaseAsync($"bench_{nodeCount}n");
                database = db;
                db += postgresOptions.Length > 0 ? ";" + postgresOptions : "";
                for (var i = 1; i <= nodeCount; i++)
                {
                    nodes.Add(await BenchAcs.StartAsync(acsDll, $"acs-bench-pg-{i}-", new BenchNode(db, keys, $"acs{i}", nodes.FirstOrDefault()), starting.Token, settings));
                }
            }
            if (nodeCount > 1)
            {
                proxy = await BenchHaproxy.StartAsync(nodes, starting.Token);
            }
            var target = proxy?.CwmpUri ?? nodes[0].CwmpUri;
            var credentials = new (string, string)?[informs.Length];
            var warm = await DigestSessionClient.RunAsync(target, informs, credentials, devices, concurrency);
            if (warm.Errors > 0)
            {
                Console.WriteLine($"warm-up: {warm.Errors} failed session(s)");
            }

            if (postgres is not null)
            {
                await postgres.ResetStatementsAsync();
            }
            var acsBefore = nodes.Sum(n => n.Process.CpuSeconds());
            var postgresBefore = postgres?.CpuSeconds();
            var proxyBefore = proxy?.Process.CpuSeconds();
            var clientBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var result = await DigestSessionClient.RunAsync(target, informs, credentials, sessions, concurrency);
            var measured = new Measured(result,
                nodes.Sum(n => n.Process.CpuSeconds()) - acsBefore,
                postgres?.CpuSeconds() - postgresBefore,
                proxy?.Process.CpuSeconds() - proxyBefore,
                Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - clientBefore,
                nodes.Max(n => n.Process.PeakRssMegabytes()));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {nodeCount} node(s) on {(postgres is null ? "SQLite" : "PostgreSQL")}{(proxy is null ? "" : " behind HAProxy")}, Acs:Cluster:Mode {clusterMode}: {result.SessionsPerSecond:N0} sessions/s, {result.Errors} errors, load average {LoadAverage()}"));
            if (postgres is not null && database is not null)
            {
                PrintStatements(await postgres.StatementsAsync(database), sessions);
            }
            return measured;
        }
        finally
        {
            proxy?.Dispose();
            foreach (var node in Enumerable.Reverse(nodes))
            {
                node.Dispose();
            }
        }
    }

    // What the database did per session during the measured run (pg_stat_statements): the statements a session costs,
    // the round trips behind the PostgreSQL/SQLite ratio. The twelve most called are shown, then the four costliest of the rest.
    private static void PrintStatements(IReadOnlyList<(long Calls, double TotalMs, string Query)> statements, int sessions)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    PostgreSQL statements per session: {statements.Sum(s => s.Calls) / (double)sessions:F1} ({statements.Sum(s => s.TotalMs) / sessions:F2} ms of execution); most called:"));
        foreach (var (calls, totalMs, query) in statements.Take(12).Concat(statements.Skip(12).OrderByDescending(s => s.TotalMs).Take(4)))
        {
            var text = string.Join(' ', query.Split((char[])['\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {calls / (double)sessions,6:F2}/session {totalMs / calls,7:F3} ms  {(text.Length > 140 ? text[..140] + "…" : text)}"));
        }
    }

    private static string PerSession(double cpuSeconds, LoadResult result)
        => (cpuSeconds * 1000 / result.Sessions).ToString("F2", CultureInfo.InvariantCulture);

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
