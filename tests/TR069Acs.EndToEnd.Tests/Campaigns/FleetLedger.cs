using TR069Acs.Agent;
using TR069Acs.Cwmp;

namespace TR069Acs.EndToEnd.Tests.Campaigns;

/// <summary>What the phones themselves saw of a campaign, from their session records (run the fleet with a
/// <see cref="PhoneOptions.SessionHistory"/> large enough to keep every session of the test).</summary>
public static class FleetLedger
{
    /// <summary>Session history that keeps every session of a campaign test.</summary>
    public const int History = 10_000;

    /// <summary>Downloads the ACS sent this phone (each one the phone accepted and will report).</summary>
    public static int DownloadsReceived(Phone phone) => phone.RecentSessions.Sum(s => s.AcsRequests.Count(r => r == "Download"));

    /// <summary>CommandKeys of the TransferCompletes the ACS acknowledged, in order: one per Download the phone ran.</summary>
    public static List<string> AcknowledgedTransfers(Phone phone) => [.. phone.RecentSessions.SelectMany(s => s.AcknowledgedTransfers)];

    /// <summary>When the phone first received a Download (the end of that session), or null.</summary>
    public static DateTimeOffset? FirstDownload(Phone phone)
        => phone.RecentSessions.FirstOrDefault(s => s.AcsRequests.Contains("Download"))?.Ended;

    /// <summary>
    /// The time each Download kept the phone "in flight", seen from the phone: from the end of the session that
    /// delivered the Download (the ACS had queued it before) to the start of the Inform that reported it
    /// (<c>M Download</c>; the ACS counts the device done only after that Inform arrives). Each interval lies inside
    /// the ACS's own in-flight interval for the device, so their overlap can only under-count the ACS's concurrency,
    /// never over-count it: more overlapping intervals than maxConcurrent is a real breach.
    /// </summary>
    public static List<(DateTimeOffset From, DateTimeOffset To)> InFlight(IEnumerable<Phone> phones)
    {
        var intervals = new List<(DateTimeOffset, DateTimeOffset)>();
        foreach (var phone in phones)
        {
            DateTimeOffset? from = null;
            foreach (var session in phone.RecentSessions)
            {
                if (from is { } start && session.HasEvent(EventCodes.MDownload))
                {
                    intervals.Add((start, session.Started));
                    from = null;
                }
                if (session.AcsRequests.Contains("Download"))
                {
                    from = session.Ended;
                }
            }
        }
        return intervals;
    }

    /// <summary>The largest number of intervals open at one instant (an interval is open on [From, To)).</summary>
    public static int MaxOverlap(IEnumerable<(DateTimeOffset From, DateTimeOffset To)> intervals)
    {
        var edges = intervals.SelectMany(i => new[] { (At: i.From, Delta: +1), (At: i.To, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta);   // a close at the same instant goes before an open
        int open = 0, max = 0;
        foreach (var (_, delta) in edges)
        {
            open += delta;
            max = Math.Max(max, open);
        }
        return max;
    }

    /// <summary>A fleet for campaign tests: quick boots and reboots, short session retries, every session kept, and
    /// no fleet-side limit on transfers (the ACS's maxConcurrent must be what limits them).</summary>
    public static PhoneOptions Options(Uri acs, string mac, int count, string model = "CP-8841-3PCC", int periodicInformSeconds = 3600) => new()
    {
        AcsUrl = acs,
        Mac = mac,
        Count = count,
        Model = model,
        PeriodicInformInterval = periodicInformSeconds,
        RetryMinimumWaitSeconds = 1,
        RebootDuration = TimeSpan.FromSeconds(1),
        SessionHistory = History,
        MaxConcurrentTransfers = Math.Max(16, count),
        BootsPerSecond = 200,
        // Phones keep their settings across power cycles, among them the CWMP credentials the ACS set: a fleet started
        // again for the same ACS is the same phones, not factory-fresh ones (which that ACS would no longer let in).
        StateDirectory = Path.Combine(Path.GetTempPath(), $"acs-e2e-phones-{Environment.ProcessId}-{acs.Port}-{mac}"),
    };
}
