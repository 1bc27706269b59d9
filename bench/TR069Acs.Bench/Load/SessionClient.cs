using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace TR069Acs.Bench.Load;

/// <summary>One load measurement: sessions per second and latency percentiles.</summary>
internal sealed record LoadResult(int Sessions, int Errors, TimeSpan Elapsed, double P50Ms, double P99Ms)
{
    public double SessionsPerSecond => Sessions / Elapsed.TotalSeconds;

    public string Row(string name) =>
        $"| {name} | {Sessions:N0} | {Errors:N0} | {SessionsPerSecond:N0} | {P50Ms:F2} | {P99Ms:F2} |";
}

/// <summary>Runs full CWMP sessions from C concurrent workers over keep-alive connections.</summary>
internal static class SessionClient
{
    private static readonly MediaTypeHeaderValue TextXml = MediaTypeHeaderValue.Parse("text/xml; charset=\"utf-8\"");

    public static Task<LoadResult> RunAsync(Uri target, byte[][] informs, int sessions, int concurrency)
        => RunAsync(sessions, concurrency, () => (http, n) => OneSessionAsync(http, target, informs[n % informs.Length]));

    /// <summary>Runs <paramref name="sessions"/> sessions from <paramref name="concurrency"/> workers over one keep-alive
    /// pool; each worker gets its own session function from <paramref name="newWorker"/> (state such as a digest nonce
    /// stays with its worker) and calls it with the session's number.</summary>
    public static async Task<LoadResult> RunAsync(int sessions, int concurrency, Func<Func<HttpClient, int, Task<bool>>> newWorker)
    {
        using var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var latencies = new double[sessions];
        var next = -1;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var session = newWorker();
            int n;
            while ((n = Interlocked.Increment(ref next)) < sessions)
            {
                var start = Stopwatch.GetTimestamp();
                if (!await session(http, n))
                {
                    Interlocked.Increment(ref errors);
                }
                latencies[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        Array.Sort(latencies);
        return new LoadResult(sessions, errors, clock.Elapsed, latencies[sessions / 2], latencies[(int)(sessions * 0.99)]);
    }

    private static async Task<bool> OneSessionAsync(HttpClient http, Uri target, byte[] inform)
    {
        try
        {
            using var informRequest = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(inform) };
            informRequest.Content.Headers.ContentType = TextXml;
            informRequest.Headers.TryAddWithoutValidation("SOAPAction", "");
            using var informResponse = await http.SendAsync(informRequest);
            await informResponse.Content.ReadAsByteArrayAsync();
            if (informResponse.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            using var empty = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent([]) };
            if (informResponse.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                empty.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", cookies.Select(c => c.Split(';', 2)[0])));
            }
            using var done = await http.SendAsync(empty);
            return done.StatusCode == HttpStatusCode.NoContent;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
