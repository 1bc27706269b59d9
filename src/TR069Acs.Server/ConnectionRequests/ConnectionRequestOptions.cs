using System.Net;

namespace TR069Acs.Server.ConnectionRequests;

/// <summary>Where Connection Requests may go (<c>Acs:ConnectionRequests:*</c>; issue 16 §4). A device reports its
/// ConnectionRequestURL itself, so the ACS sends a request only to the address the device connects from, or into ranges
/// the operator names: otherwise a forged Inform would point the ACS at its own network (a blind SSRF and port scanner).</summary>
public sealed class ConnectionRequestOptions
{
    /// <summary>CIDR ranges (e.g. <c>10.20.0.0/16</c>, <c>2001:db8::/32</c>) whose addresses may be the target of a
    /// Connection Request although the device connects from another address (a CPE behind a management VLAN or an ALG).
    /// Loopback, link-local and the ACS's own addresses stay refused even inside a range.</summary>
    public List<string> AllowedRanges { get; set; } = [];

    /// <summary>Lets Connection Requests go to loopback addresses (never to the ACS's own listening ports). Off by default;
    /// on only for a lab where the phones run on the ACS's own host (the tests, the emulated fleet of <c>acs phone</c>).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>How long resolving a ConnectionRequestURL host name may take.</summary>
    public int ResolveTimeoutSeconds { get; set; } = 5;

    /// <summary>The parsed <see cref="AllowedRanges"/>.</summary>
    internal IReadOnlyList<IPNetwork> Ranges { get; private set; } = [];

    /// <summary>Checks and parses the settings; the message names the one that is wrong.</summary>
    /// <exception cref="InvalidOperationException">A range that is not CIDR notation, or a timeout out of range.</exception>
    internal void Validate()
    {
        var ranges = new List<IPNetwork>(AllowedRanges.Count);
        foreach (var text in AllowedRanges)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (!IPNetwork.TryParse(text.Trim(), out var range))
            {
                throw new InvalidOperationException(
                    $"Acs:ConnectionRequests:AllowedRanges: '{text}' is not a CIDR range such as 10.20.0.0/16 or 2001:db8::/32 (the address must have no bits set past the prefix).");
            }
            ranges.Add(range);
        }
        if (ResolveTimeoutSeconds is < 1 or > 60)
        {
            throw new InvalidOperationException($"Acs:ConnectionRequests:ResolveTimeoutSeconds must be 1-60, got {ResolveTimeoutSeconds}.");
        }
        Ranges = ranges;
    }
}
