namespace TR069Acs.Provisioning.Tftp;

/// <summary>Settings of one <see cref="TftpClient.DownloadAsync"/> call.</summary>
public sealed record TftpClientOptions
{
    /// <summary>
    /// The block size asked for with the RFC 2348 <c>blksize</c> option (8–65464). 512 sends no <c>blksize</c>.
    /// The default 1428 fills an Ethernet frame with room for IPv6 or a VPN header; a server that ignores options
    /// sends 512-byte blocks instead, which the client accepts.
    /// </summary>
    public int BlockSize { get; init; } = 1428;

    /// <summary>How long to wait for the server's next packet before retransmitting the last one sent.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How many retransmissions of one packet before the download fails with <see cref="TftpDownloadOutcome.Timeout"/>.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>The largest file accepted; a larger one (announced by <c>tsize</c> or received) fails with <see cref="TftpDownloadOutcome.TooLarge"/>.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Ask for the file size with the RFC 2349 <c>tsize</c> option, to refuse too-large files before the transfer.</summary>
    public bool RequestTransferSize { get; init; } = true;

    /// <summary>
    /// Send <see cref="Timeout"/> as the RFC 2349 <c>timeout</c> option so the server retransmits at the same pace.
    /// Only sent when the timeout is a whole number of seconds in 1–255.
    /// </summary>
    public bool RequestTimeout { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, TftpLimits.MinBlockSize, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BlockSize, TftpLimits.MaxBlockSize, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfNegative(Retries, nameof(Retries));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBytes, nameof(MaxBytes));
    }
}
