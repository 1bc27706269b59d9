using System.Net;

namespace TR069Acs.Server.Cluster;

/// <summary>Settings of several ACS nodes on one database, bound from <c>Acs:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    /// <summary><c>Auto</c>: shared when the database is a server (postgres, sqlserver), single on SQLite. <c>Shared</c>:
    /// this node heartbeats into <c>cluster_nodes</c>, tells the others what it changed (and hears what they changed)
    /// and takes the device's lease at the Inform, so that a second node answers that device 503. <c>Single</c>: one
    /// node owns the database; none of that costs a write.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Auto;

    /// <summary>How often the node reads the <c>changes</c> table for what other nodes changed; with the time a write
    /// takes to commit, the bound within which another node's change reaches this node's caches. One second: a
    /// configuration change is on every node before an operator can switch windows, at one indexed read per second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the node refreshes its row in <c>cluster_nodes</c>. <c>/api/health</c> lists the nodes seen
    /// within three intervals (a node may miss two heartbeats under load before it drops off the list).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <c>/api/health</c> waits for the database before it answers 503. Two seconds: below HAProxy's
    /// default check timeout, so the balancer sees a 503 rather than a timeout.</summary>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Addresses or CIDR ranges of the load balancers in front of this node (e.g. <c>10.0.0.5</c>,
    /// <c>10.0.0.0/29</c>). A request arriving from one of them is taken to come from the address the balancer put last
    /// into <c>X-Forwarded-For</c> (HAProxy's <c>option forwardfor</c>): Connection Request checks, the CPE
    /// authentication throttle, session guards, logs and the audit trail then see the phone's or operator's own address.
    /// Empty (default): the header is ignored, as anyone could send it. Connection-level limits
    /// (<c>Acs:Limits:ConnectionsPerAddress</c>) count before any header is read, so they still see the balancer.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The parsed <see cref="TrustedProxies"/> (a single address as a /32 or /128).</summary>
    internal IReadOnlyList<IPNetwork> TrustedProxyNetworks { get; private set; } = [];

    internal void Validate()
    {
        var problems = new List<string>();
        var proxies = new List<IPNetwork>();
        foreach (var text in TrustedProxies.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()))
        {
            if (IPNetwork.TryParse(text, out var range))
            {
                proxies.Add(range);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                proxies.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                problems.Add($"Acs:Cluster:TrustedProxies: '{text}' is neither an IP address nor a CIDR range such as 10.0.0.0/29.");
            }
        }
        TrustedProxyNetworks = proxies;
        if (PollInterval < TimeSpan.FromMilliseconds(50) || PollInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add($"Acs:Cluster:PollInterval must be between 00:00:00.05 and 00:01:00, got {PollInterval}.");
        }
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromMinutes(10))
        {
            problems.Add($"Acs:Cluster:HeartbeatInterval must be between 00:00:00.1 and 00:10:00, got {HeartbeatInterval}.");
        }
        if (HealthTimeout < TimeSpan.FromMilliseconds(100) || HealthTimeout > TimeSpan.FromSeconds(30))
        {
            problems.Add($"Acs:Cluster:HealthTimeout must be between 00:00:00.1 and 00:00:30, got {HealthTimeout}.");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }
    }
}
