using System.Diagnostics;
using System.Net;
using TR069Acs.Tests.Shared;

namespace TR069Acs.Bench.Cluster;

/// <summary>
/// The real HAProxy in front of bench nodes, in the foreground on loopback ports, configured by the documented
/// <c>deploy/haproxy.cfg</c> with its bind ports and server addresses replaced by the run's: the configuration the README
/// gives is the one measured, adapted by the tests' own <c>tests/Shared/HaproxyConfig.cs</c> (linked).
/// </summary>
internal sealed partial class BenchHaproxy : IDisposable
{
    private readonly string _directory;

    private BenchHaproxy(BenchProcess process, string directory, int cwmp)
    {
        Process = process;
        _directory = directory;
        CwmpUri = new Uri($"http://127.0.0.1:{cwmp}/");
    }

    public BenchProcess Process { get; }

    /// <summary>The CWMP frontend (cookie affinity to the node that answered the Inform).</summary>
    public Uri CwmpUri { get; }

    /// <summary>Why HAProxy cannot run here, or null.</summary>
    public static string? Problem => HaproxyConfig.Find() is null ? "haproxy is not installed: apt-get install -y haproxy" : null;

    /// <summary>Starts HAProxy in front of <paramref name="nodes"/>; returns once its CWMP frontend reaches a node.</summary>
    public static async Task<BenchHaproxy> StartAsync(IReadOnlyList<BenchAcs> nodes, CancellationToken cancellationToken)
    {
        var haproxy = HaproxyConfig.Find() ?? throw new InvalidOperationException(Problem);
        var directory = Directory.CreateTempSubdirectory("acs-bench-haproxy-").FullName;
        var (cwmp, api, files) = (BenchProcess.FreePort(), BenchProcess.FreePort(), BenchProcess.FreePort());
        var config = Path.Combine(directory, "haproxy.cfg");
        var documented = await File.ReadAllTextAsync(Path.Combine(BenchArgs.RepoRoot(), "deploy", "haproxy.cfg"), cancellationToken);
        var behind = nodes.Select(n => new HaproxyNode(n.CwmpUri.Port, n.ApiUri.Port, n.FilesUri.Port)).ToList();
        await File.WriteAllTextAsync(config, HaproxyConfig.Configure(documented, behind, cwmp, api, files), cancellationToken);
        // -db: foreground, no daemon.
        var process = BenchProcess.Start("haproxy", new ProcessStartInfo(haproxy) { ArgumentList = { "-db", "-f", config } }, new Dictionary<string, string>());
        var proxy = new BenchHaproxy(process, directory, cwmp);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            // A GET on the CWMP endpoint is refused by the node (405), but it is the node's answer, not HAProxy's 503.
            await process.WaitForAsync(async () => (await http.GetAsync(proxy.CwmpUri, cancellationToken)).StatusCode != HttpStatusCode.ServiceUnavailable,
                "HAProxy to reach a node", cancellationToken);
            return proxy;
        }
        catch
        {
            proxy.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

}
