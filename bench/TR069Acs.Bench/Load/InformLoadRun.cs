using TR069Acs.Cwmp;

namespace TR069Acs.Bench.Load;

/// <summary>
/// The session load run: C concurrent clients run full CWMP sessions (Inform → InformResponse → empty POST → 204)
/// against the real ACS (a separate <c>acs serve</c> process on SQLite), then against a trivial endpoint in this
/// process that answers the same bytes without doing any work. The ratio of the two throughputs shows what the
/// ACS's own work costs; the ACS's peak RSS is read from /proc (VmHWM). With <c>--cpe-auth digest</c> (default) the same
/// run is made against an ACS that authenticates every Inform with Digest, side by side (issue 9 §6). With
/// <c>--db postgres</c> the run compares storage instead (<see cref="ProviderLoadRun"/>).
/// </summary>
internal static class InformLoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sessions = BenchArgs.Int(args, "--sessions", 60_000);
        var concurrency = BenchArgs.Int(args, "--concurrency", 64);
        var devices = BenchArgs.Int(args, "--devices", 10_000);
        var acsDll = BenchArgs.String(args, "--acs", Path.Combine(BenchArgs.RepoRoot(), ".build", "acs", "acs.dll"));
        var db = BenchArgs.String(args, "--db", "sqlite");
        // On --db postgres every setup runs in one mode (no CPE authentication unless --cpe-auth digest is given): the
        // comparison is of the storage, and three setups already fill the few minutes a run should take.
        var cpeAuth = BenchArgs.String(args, "--cpe-auth", db == "postgres" ? "off" : "digest");
        if (db is not ("sqlite" or "postgres"))
        {
            Console.Error.WriteLine($"--db must be sqlite (the default) or postgres (SQLite, PostgreSQL and two PostgreSQL nodes behind HAProxy, side by side), not '{db}'");
            return 2;
        }
        if (cpeAuth is not ("digest" or "off"))
        {
            Console.Error.WriteLine($"--cpe-auth must be digest (Digest and, side by side, no authentication) or off, not '{cpeAuth}'");
            return 2;
        }
        if (!File.Exists(acsDll))
        {
            Console.Error.WriteLine($"acs not found at {acsDll}; run ./run.sh once to build it, or pass --acs PATH/acs.dll");
            return 2;
        }

        var informs = InformCorpus.Build(devices);
        Console.WriteLine($"load: {sessions:N0} sessions, {concurrency} concurrent clients, {devices:N0} distinct devices, Inform {informs[0].Length:N0} bytes, CPE auth {cpeAuth}, --db {db}");
        if (db == "postgres")
        {
            // --pg-options: Npgsql keywords appended to the nodes' connection string (e.g. "No Reset On Close=true").
            return await ProviderLoadRun.RunAsync(acsDll, informs, sessions, concurrency, devices, cpeAuth == "digest" ? "Credentials" : "Off",
                BenchArgs.String(args, "--pg-options", ""));
        }

        var (offResult, offRss) = await MeasureAcsAsync(acsDll, "Off", informs, new (string, string)?[informs.Length], devices, sessions, concurrency);
        (LoadResult Result, double Rss)? digest = cpeAuth == "digest"
            ? await MeasureAcsAsync(acsDll, "Credentials", informs, new (string, string)?[informs.Length], devices, sessions, concurrency)
            : null;

        await using var trivial = await TrivialEndpoint.StartAsync();
        await SessionClient.RunAsync(trivial.Uri, informs, Math.Min(devices, sessions), concurrency);
        var trivialResult = await SessionClient.RunAsync(trivial.Uri, informs, sessions, concurrency);

        Console.WriteLine();
        Console.WriteLine("| target | sessions | errors | sessions/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        if (digest is { } d)
        {
            Console.WriteLine(d.Result.Row("ACS on SQLite, Digest (Acs:CpeAuth:Mode Credentials)"));
        }
        Console.WriteLine(offResult.Row("ACS on SQLite, no CPE auth (Off)"));
        Console.WriteLine(trivialResult.Row("trivial endpoint"));
        Console.WriteLine();
        if (digest is { } dd)
        {
            Console.WriteLine($"Digest / no auth: {dd.Result.SessionsPerSecond / offResult.SessionsPerSecond:F2} (authentication costs {100 * (1 - (dd.Result.SessionsPerSecond / offResult.SessionsPerSecond)):F0}% of the throughput)");
        }
        Console.WriteLine($"ratio ACS (no auth) / trivial: {offResult.SessionsPerSecond / trivialResult.SessionsPerSecond:F2}");
        Console.WriteLine($"ACS peak RSS: {Math.Max(offRss, digest?.Rss ?? 0):N0} MB");
        return offResult.Errors == 0 && (digest?.Result.Errors ?? 0) == 0 ? 0 : 1;
    }

    // One ACS process with the given Acs:CpeAuth:Mode: a warm-up registers (and, with Digest, binds) every device so the
    // measured run is the steady state (periodic informs of known phones).
    private static async Task<(LoadResult Result, double PeakRssMb)> MeasureAcsAsync(string acsDll, string mode, byte[][] informs,
        (string User, string Password)?[] credentials, int devices, int sessions, int concurrency)
    {
        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var acs = await BenchAcs.StartAsync(acsDll, "acs-bench-", starting.Token,
            "--Acs:CpeAuth:Mode", mode, "--Acs:ConnectionRequests:AllowLoopback", "true");
        // The same client both ways: it answers a challenge only when one comes (never with Mode Off), and takes the
        // credentials the ACS sets in each device's first session (the ACS binds devices whatever the mode).
        var warm = await DigestSessionClient.RunAsync(acs.CwmpUri, informs, credentials, devices, concurrency);
        if (warm.Errors > 0)
        {
            Console.WriteLine($"warm-up ({mode}): {warm.Errors} failed session(s)");
        }
        var result = await DigestSessionClient.RunAsync(acs.CwmpUri, informs, credentials, sessions, concurrency);
        return (result, acs.Process.PeakRssMegabytes());
    }
}
