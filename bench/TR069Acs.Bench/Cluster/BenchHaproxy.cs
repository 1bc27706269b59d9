using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace TR069Acs.Bench.Cluster;

/// <summary>
/// The real HAProxy in front of bench nodes, in the foreground on loopback ports, configured by the documented
/// <c>deploy/haproxy.cfg</c> with its bind ports and server addresses replaced by the run's: the configuration the README
/// gives is the one measured. The same adaptation as the tests' <c>Cluster/Haproxy.cs</c> (which is built on the tests'
/// in-process nodes, so it cannot be linked here).
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
    public static string? Problem => Find() is null ? "haproxy is not installed: apt-get install -y haproxy" : null;

    /// <summary>deploy/haproxy.cfg with its frontends on the given loopback ports and servers acs1, acs2 … the given
    /// nodes (servers the file names beyond them are dropped).</summary>
    public static string Configure(string documented, IReadOnlyList<BenchAcs> nodes, int cwmp, int api, int files)
    {
        var text = documented.Replace("    log /dev/log local0\n", "", StringComparison.Ordinal)
            .Replace("bind :7547", $"bind 127.0.0.1:{cwmp}", StringComparison.Ordinal)
            .Replace("bind :7557", $"bind 127.0.0.1:{api}", StringComparison.Ordinal)
            .Replace("bind :7567", $"bind 127.0.0.1:{files}", StringComparison.Ordinal);
        return ServerLine().Replace(text, m =>
        {
            var index = int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
            if (index >= nodes.Count)
            {
                return "";
            }
            var node = nodes[index];
            var port = m.Groups["port"].Value switch
            {
                "7547" => node.CwmpUri.Port,
                "7557" => node.ApiUri.Port,
                _ => node.FilesUri.Port,
            };
            var rest = m.Groups["rest"].Value.Replace("port 7557", $"port {node.ApiUri.Port}", StringComparison.Ordinal);
            return $"{m.Groups["indent"].Value}server acs{index + 1} 127.0.0.1:{port}{rest}";
        });
    }

    /// <summary>Starts HAProxy in front of <paramref name="nodes"/>; returns once its CWMP frontend reaches a node.</summary>
    public static async Task<BenchHaproxy> StartAsync(IReadOnlyList<BenchAcs> nodes, CancellationToken cancellationToken)
    {
        var haproxy = Find() ?? throw new InvalidOperationException(Problem);
        var directory = Directory.CreateTempSubdirectory("acs-bench-haproxy-").FullName;
        var (cwmp, api, files) = (BenchProcess.FreePort(), BenchProcess.FreePort(), BenchProcess.FreePort());
        var config = Path.Combine(directory, "haproxy.cfg");
        var documented = await File.ReadAllTextAsync(Path.Combine(BenchArgs.RepoRoot(), "deploy", "haproxy.cfg"), cancellationToken);
        await File.WriteAllTextAsync(config, Configure(documented, nodes, cwmp, api, files), cancellationToken);
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

    private static string? Find() => new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^(?<indent>[ \t]*)server acs(?<n>\d+) 192\.0\.2\.\d+:(?<port>\d+)(?<rest>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex ServerLine();
}
