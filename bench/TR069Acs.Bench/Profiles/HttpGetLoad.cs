using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace TR069Acs.Bench.Profiles;

/// <summary>One GET load measurement against one server (or several combined).</summary>
internal sealed record GetLoadResult(int Requests, int Errors, long Bytes, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public string Row(string name, string round) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {round} | {Requests:N0} | {Errors:N0} | {RequestsPerSecond:N0} | {Bytes / Elapsed.TotalSeconds / 1e6:F1} | {P50Ms:F2} | {P99Ms:F2} |");

    /// <summary>Several runs as one: totals over total time; percentiles are the median of the runs' (an approximation).</summary>
    public static GetLoadResult Combine(IReadOnlyList<GetLoadResult> runs) => new(
        runs.Sum(r => r.Requests), runs.Sum(r => r.Errors), runs.Sum(r => r.Bytes),
        TimeSpan.FromTicks(runs.Sum(r => r.Elapsed.Ticks)), Median(runs.Select(r => r.P50Ms)), Median(runs.Select(r => r.P99Ms)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

/// <summary>
/// GETs a list of paths from one server with a fixed number of workers over keep-alive connections (one
/// <see cref="SocketsHttpHandler"/>, a connection per worker), bounded by a request count and a time limit,
/// whichever comes first. A request counts as an error unless it answers 200 with a body.
/// </summary>
internal static class HttpGetLoad
{
    public static async Task<GetLoadResult> RunAsync(Uri server, IReadOnlyList<string> paths, int requests, int concurrency, TimeSpan limit)
    {
        using var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var uris = paths.Select(p => new Uri(p, UriKind.Relative)).ToArray();
        var latencies = new double[requests];
        var next = -1;
        var errors = 0;
        long bytes = 0;
        using var stop = new CancellationTokenSource(limit);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            int n;
            while (!stop.IsCancellationRequested && (n = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                var length = await GetAsync(http, uris[n % uris.Length], buffer);
                latencies[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (length <= 0)
                {
                    Interlocked.Increment(ref errors);
                }
                else
                {
                    Interlocked.Add(ref bytes, length);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();

        var done = Math.Min(requests, Volatile.Read(ref next) + 1);
        var measured = latencies.AsSpan(0, done);
        measured.Sort();
        return new GetLoadResult(done, errors, bytes, clock.Elapsed,
            done == 0 ? double.NaN : measured[done / 2], done == 0 ? double.NaN : measured[(int)(done * 0.99)]);
    }

    /// <summary>GETs one path for its body bytes (for comparisons outside the measured run).</summary>
    public static async Task<byte[]> FetchAsync(HttpClient http, Uri server, string path)
    {
        using var response = await http.GetAsync(new Uri(server, path));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    // The body length on 200, else -1. The body is read to the end (into a scratch buffer) so the connection is reused.
    private static async Task<long> GetAsync(HttpClient http, Uri uri, byte[] buffer)
    {
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }
            return response.StatusCode == HttpStatusCode.OK && length > 0 ? length : -1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return -1;
        }
    }
}
