using System.Globalization;
using TR069Acs.Provisioning.Crypto;

namespace TR069Acs.Bench.Profiles;

/// <summary>
/// The profile load run (issue 4 §9): per-device dynamic profiles from the ACS (layering of four scopes from the
/// database, render, gzip, AES on every request) against nginx serving the same bytes as static files, in the same
/// run with the same client. The ACS is a separate <c>acs serve</c> process on SQLite with N pre-registered phones;
/// every phone's profile is fetched from it once (plain or encrypted, and <c>.gz</c>) and written as a static file
/// under the same path for nginx. A sample is compared between the two (byte for byte, or after decryption where
/// the ACS's fresh salt makes every encrypted answer different). Then C workers GET the paths round-robin from
/// each server, bounded by a request count and a time limit, in rounds that alternate the servers. Target: ACS at
/// least half nginx's requests per second over all rounds.
/// </summary>
internal static class ProfileLoadRun
{
    private const double Target = 0.5;

    public static async Task<int> RunAsync(string[] args)
    {
        if (OperatingSystem.IsWindows())
        {
            Console.Error.WriteLine("the profile load run needs Linux (nginx, /proc)");
            return 2;
        }
        var devices = BenchArgs.Int(args, "--devices", 1_000);
        var requests = BenchArgs.Int(args, "--requests", 100_000);
        var concurrency = BenchArgs.Int(args, "--concurrency", 64);
        var limit = TimeSpan.FromSeconds(BenchArgs.Int(args, "--seconds", 60));
        var rounds = Math.Max(1, BenchArgs.Int(args, "--rounds", 3));
        var acsDll = BenchArgs.String(args, "--acs", Path.Combine(BenchArgs.RepoRoot(), ".build", "acs", "acs.dll"));
        var nginx = BenchArgs.String(args, "--nginx", NginxProcess.Find() ?? "");
        if (!File.Exists(acsDll))
        {
            Console.Error.WriteLine($"acs not found at {acsDll}; run ./run.sh once to build it, or pass --acs PATH/acs.dll");
            return 2;
        }
        if (!File.Exists(nginx))
        {
            Console.Error.WriteLine("nginx not found: `./run.sh bench profiles` installs it (apt-get install nginx), or pass --nginx PATH");
            return 2;
        }

        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var acs = await BenchAcs.StartAsync(acsDll, "acs-profile-bench-", starting.Token, "--Acs:ConnectionRequests:AllowLoopback", "true");
        Console.WriteLine($"profiles: {devices:N0} phones, 4 scopes, {rounds} rounds of {requests:N0} requests per server (each at most {limit.TotalSeconds:N0} s), {concurrency} concurrent clients");
        var fleet = await ProfileFleet.CreateAsync(acs.ApiUri, acs.Token, devices);
        var paths = fleet.Paths;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            files[path] = await HttpGetLoad.FetchAsync(http, acs.FilesUri, path);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile sizes: plain {files[paths[0]].Length:N0} B, gzip {files[paths[1]].Length:N0} B, AES {files[paths[2]].Length:N0} B, gzip+AES {files[paths[3]].Length:N0} B"));

        await using var web = await NginxProcess.StartAsync(nginx, files);
        var mismatches = await CompareAsync(http, acs.FilesUri, web.Uri, fleet, paths);
        Console.WriteLine(mismatches == 0
            ? "same bytes: 200 sampled profiles agree (plain and gzip byte for byte, AES after decryption)"
            : $"same bytes: {mismatches} of 200 sampled profiles DIFFER between the ACS and nginx");

        // A warm-up of ten passes over every path (at least 20,000 requests) readies both: the ACS's tiered JIT and
        // caches, connection pools, SQLite's page cache, nginx's open files. Then rounds alternate the two servers, so
        // a change of load on the machine during the run touches both alike.
        var warmUp = Math.Max(20_000, paths.Count * 10);
        await HttpGetLoad.RunAsync(acs.FilesUri, paths, warmUp, concurrency, limit);
        await HttpGetLoad.RunAsync(web.Uri, paths, warmUp, concurrency, limit);
        var acsRounds = new List<GetLoadResult>();
        var nginxRounds = new List<GetLoadResult>();
        var rssPerRound = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            acsRounds.Add(await HttpGetLoad.RunAsync(acs.FilesUri, paths, requests, concurrency, limit));
            rssPerRound.Add(acs.Process.RssMegabytes());
            nginxRounds.Add(await HttpGetLoad.RunAsync(web.Uri, paths, requests, concurrency, limit));
        }
        var (rss, peak) = (acs.Process.RssMegabytes(), acs.Process.PeakRssMegabytes());
        var acsResult = GetLoadResult.Combine(acsRounds);
        var nginxResult = GetLoadResult.Combine(nginxRounds);

        var ratio = acsResult.RequestsPerSecond / nginxResult.RequestsPerSecond;
        Console.WriteLine();
        Console.WriteLine("| server | round | requests | errors | requests/s | MB/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine(acsRounds[round].Row("ACS (dynamic, SQLite)", $"{round + 1}"));
            Console.WriteLine(nginxRounds[round].Row("nginx (static files)", $"{round + 1}"));
        }
        Console.WriteLine(acsResult.Row("**ACS (dynamic, SQLite)**", "all"));
        Console.WriteLine(nginxResult.Row("**nginx (static files)**", "all"));
        Console.WriteLine();
        var perRound = string.Join(", ", acsRounds.Zip(nginxRounds, (a, n) => (a.RequestsPerSecond / n.RequestsPerSecond).ToString("F2", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio ACS / nginx: {ratio:F2} (target ≥ {Target:F1}: {(ratio >= Target ? "met" : "NOT met")}); per round: {perRound}"));
        var rssRounds = string.Join(", ", rssPerRound.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACS RSS: {rss:N0} MB after the run (after each round: {rssRounds}), peak {peak:N0} MB"));
        return acsResult.Errors == 0 && nginxResult.Errors == 0 && mismatches == 0 ? 0 : 1;
    }

    // 200 paths spread over the list, each shifted by one more than the last: all four encodings appear.
    private static async Task<int> CompareAsync(HttpClient http, Uri acs, Uri nginx, ProfileFleet fleet, IReadOnlyList<string> paths)
    {
        var mismatches = 0;
        var step = Math.Max(1, paths.Count / 200);
        for (var i = 0; i < paths.Count && i / step < 200; i += step)
        {
            var path = paths[(i + i / step) % paths.Count];
            var fromAcs = await HttpGetLoad.FetchAsync(http, acs, path);
            var fromNginx = await HttpGetLoad.FetchAsync(http, nginx, path);
            var same = fleet.IsEncrypted(path)
                ? fromAcs.Length == fromNginx.Length && Decrypted(fromAcs) is { } a && Decrypted(fromNginx) is { } b && a.AsSpan().SequenceEqual(b)
                : fromAcs.AsSpan().SequenceEqual(fromNginx);
            if (!same)
            {
                mismatches++;
                Console.WriteLine($"  differs: {path}");
            }
        }
        return mismatches;
    }

    private static byte[]? Decrypted(byte[] data)
        => OpensslEnc.TryDecrypt(data, ProfileFleet.EncryptionKey, OpensslDigest.Md5, out var plain, out _, out _) ? plain : null;
}
