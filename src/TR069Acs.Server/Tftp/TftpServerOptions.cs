using System.Net;
using TR069Acs.Provisioning.Tftp;

namespace TR069Acs.Server.Tftp;

/// <summary>Settings of the read-only <see cref="TftpServer"/>.</summary>
public sealed class TftpServerOptions
{
    /// <summary>DESIGN §1: unprivileged by default so the ACS runs as an ordinary user; 69 when configured.</summary>
    public const int DefaultPort = 6969;

    /// <summary>Where requests are received. Port 0 picks a free port; <see cref="TftpServer.LocalEndPoint"/> tells which.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Any, DefaultPort);

    /// <summary>Transfers in progress at once; a request beyond this is refused with ERROR 0 "server busy".</summary>
    public int MaxConcurrentTransfers { get; set; } = 2048;

    /// <summary>
    /// The largest block size granted (RFC 2348 lets a server answer with less than asked). It bounds each transfer's
    /// memory: one block buffer of this size plus a small receive buffer.
    /// </summary>
    public int MaxBlockSize { get; set; } = 16384;

    /// <summary>Retransmission timeout when the client does not negotiate one with the RFC 2349 <c>timeout</c> option.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest retransmission timeout a client may negotiate (RFC 2349 <c>timeout</c>). A longer ask is not
    /// acknowledged (RFC 2349 lets the server only echo or omit it) and <see cref="Timeout"/> applies: with 255 s a
    /// silent client once held a transfer slot for 25 minutes.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Transfers one client address holds at once (an IPv6 /64 as one); more are refused "server busy".
    /// 32: an office behind one NAT address boots its phones together, and each fetches one file at a time;
    /// one host holding hundreds is exhausting the table.</summary>
    public int MaxTransfersPerAddress { get; set; } = 32;

    /// <summary>Longest a transfer may take in all, however it is acknowledged: a client that acknowledges just before
    /// each timeout cannot hold a slot indefinitely. 15 minutes moves a 50 MB image at 60 kB/s.</summary>
    public TimeSpan MaxTransferLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Retransmissions of one packet before a silent client's transfer is abandoned.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Retransmissions of a transfer's first packet (OACK or DATA 1) while the client has acknowledged nothing
    /// (issue 16 §1: no amplification). A request's source address can be forged; until an ACK proves the client reads its
    /// own address, a 38-byte request draws at most 1 + this many packets toward it (two, not six). One retransmission
    /// covers a lost first packet; a client that lost both sends its request again.</summary>
    public int FirstPacketRetries { get; set; } = 1;

    /// <summary>New transfers one address (an IPv6 /64 as one) may start per second on average: the refill of its token
    /// bucket. Requests beyond it are dropped unanswered (an answer would be the amplification itself) and counted
    /// (<see cref="TftpServerStatistics.RateLimited"/>); a real client sends its request again. 8/s: an office behind one
    /// NAT address that boots together fetches a profile or two per phone.</summary>
    public double NewTransfersPerSecondPerAddress { get; set; } = 8;

    /// <summary>New transfers one address may start at once before <see cref="NewTransfersPerSecondPerAddress"/> applies:
    /// the bucket's size. 64 phones of one office start together; a flood of thousands from one host is cut to the rate.</summary>
    public int NewTransferBurstPerAddress { get; set; } = 64;

    /// <summary>
    /// Accept a single leading <c>/</c> as the root of the served tree, as tftp-hpa's <c>--secure</c> does, for
    /// clients that send a URL's path verbatim. Off by default: RFC 3617 names the file without the slash, and an
    /// absolute name is refused with ERROR 2.
    /// </summary>
    public bool AllowLeadingSlash { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentTransfers, 1, nameof(MaxConcurrentTransfers));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBlockSize, TftpLimits.DefaultBlockSize, nameof(MaxBlockSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBlockSize, TftpLimits.MaxBlockSize, nameof(MaxBlockSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfNegative(FirstPacketRetries, nameof(FirstPacketRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(NewTransferBurstPerAddress, 1, nameof(NewTransferBurstPerAddress));
        if (!(NewTransfersPerSecondPerAddress > 0) || double.IsInfinity(NewTransfersPerSecondPerAddress))
        {
            throw new ArgumentOutOfRangeException(nameof(NewTransfersPerSecondPerAddress), NewTransfersPerSecondPerAddress,
                "new transfers per second per address must be a positive number");
        }
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTimeout, TimeSpan.Zero, nameof(MaxTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransfersPerAddress, 1, nameof(MaxTransfersPerAddress));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTransferLifetime, TimeSpan.Zero, nameof(MaxTransferLifetime));
    }
}
