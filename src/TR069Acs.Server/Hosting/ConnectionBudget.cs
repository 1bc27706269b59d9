using Microsoft.Extensions.Logging;

namespace TR069Acs.Server.Hosting;

/// <summary>Fits the listeners' connection limits into the descriptor budget: when their total plus the TFTP transfers
/// and the reserve exceed it, every listener's limit is scaled down by the same factor (logged); when not even 16
/// connections a listener would fit, the ACS refuses to start.</summary>
internal static partial class ConnectionBudget
{
    private const int MinimumPerListener = 16;

    /// <summary>Clamps <paramref name="wanted"/> (listener → limit) in place; returns the descriptor budget read.</summary>
    /// <exception cref="InvalidOperationException">The budget is too small for the ACS to run safely.</exception>
    public static long? Fit(IDictionary<string, int> wanted, int tftpTransfers, AcsLimits limits, long? budget, ILogger logger)
    {
        long total = wanted.Values.Sum(v => (long)v);
        var fixedCost = (long)tftpTransfers + limits.DescriptorReserve;
        if (budget is not { } fds)
        {
            Log.BudgetUnknown(logger, total);
            return null;
        }
        if (total + fixedCost <= fds)
        {
            Log.Budget(logger, fds, total, tftpTransfers, limits.DescriptorReserve);
            return fds;
        }
        var room = fds - fixedCost;
        if (room < MinimumPerListener * (long)wanted.Count)
        {
            throw new InvalidOperationException(
                $"The process may open only {fds} files (ulimit -n / LimitNOFILE): too few for {wanted.Count} listeners, {tftpTransfers} TFTP transfers and " +
                $"the reserve of Acs:Limits:DescriptorReserve {limits.DescriptorReserve}. Raise LimitNOFILE (65536 is usual) or lower the Acs:Limits:* connection limits.");
        }
        var factor = (double)room / total;
        foreach (var name in wanted.Keys.ToList())
        {
            wanted[name] = Math.Max(MinimumPerListener, (int)(wanted[name] * factor));
        }
        Log.Clamped(logger, fds, total, wanted.Values.Sum(v => (long)v), string.Join(", ", wanted.Select(w => $"{w.Key} {w.Value}")));
        return fds;
    }

    private static partial class Log
    {
        [LoggerMessage(32, LogLevel.Information, "Descriptor budget {Budget}: listeners up to {Connections} connections, TFTP up to {Tftp} transfers, {Reserve} reserved")]
        public static partial void Budget(ILogger logger, long budget, long connections, int tftp, int reserve);

        [LoggerMessage(33, LogLevel.Warning, "Descriptor budget {Budget} (ulimit -n / LimitNOFILE) is below the configured {Connections} connections plus TFTP and reserve: listener limits scaled down to {Clamped} ({Limits}); raise LimitNOFILE to keep them")]
        public static partial void Clamped(ILogger logger, long budget, long connections, long clamped, string limits);

        [LoggerMessage(34, LogLevel.Information, "Descriptor budget unknown on this system; listeners up to {Connections} connections")]
        public static partial void BudgetUnknown(ILogger logger, long connections);
    }
}
