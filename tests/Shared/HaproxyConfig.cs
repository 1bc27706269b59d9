using System.Text.RegularExpressions;

namespace TR069Acs.Tests.Shared;

/// <summary>
/// <c>deploy/haproxy.cfg</c> made runnable on loopback: the documented file with its bind ports and server addresses
/// replaced, so the configuration the README gives is the one the tests run and the bench measures. No test framework
/// here: linked by the test projects (<see cref="Haproxy"/>) and by the bench.
/// </summary>
internal static partial class HaproxyConfig
{
    /// <summary>The haproxy executable of the Debian package, or null when it is not installed.</summary>
    public static string? Find() => new[] { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" }.FirstOrDefault(File.Exists);

    /// <summary>deploy/haproxy.cfg with its frontends on the given loopback ports and servers acs1, acs2 … the given
    /// nodes (servers the file names beyond them are dropped).</summary>
    public static string Configure(string documented, IReadOnlyList<HaproxyNode> nodes, int cwmp, int api, int files)
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
                "7547" => node.CwmpPort,
                "7557" => node.ApiPort,
                _ => node.FilesPort,
            };
            var rest = m.Groups["rest"].Value.Replace("port 7557", $"port {node.ApiPort}", StringComparison.Ordinal);
            return $"{m.Groups["indent"].Value}server acs{index + 1} 127.0.0.1:{port}{rest}";
        });
    }

    [GeneratedRegex(@"^(?<indent>[ \t]*)server acs(?<n>\d+) 192\.0\.2\.\d+:(?<port>\d+)(?<rest>[^\n]*)$", RegexOptions.Multiline)]
    private static partial Regex ServerLine();
}

/// <summary>One node behind HAProxy: the loopback ports of its CWMP, API and file server listeners.</summary>
internal sealed record HaproxyNode(int CwmpPort, int ApiPort, int FilesPort);
