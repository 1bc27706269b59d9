namespace TR069Acs.Provisioning.Tftp;

/// <summary>The result of <see cref="TftpClient.DownloadAsync"/>: the file, or a typed failure with what went wrong.</summary>
public sealed class TftpDownloadResult
{
    private TftpDownloadResult(TftpDownloadOutcome outcome, byte[]? content, TftpErrorCode? serverErrorCode, string? message, TftpTransferStatistics statistics)
    {
        Outcome = outcome;
        Content = content;
        ServerErrorCode = serverErrorCode;
        Message = message;
        Statistics = statistics;
    }

    /// <summary>How the download ended.</summary>
    public TftpDownloadOutcome Outcome { get; }

    /// <summary>True when <see cref="Content"/> holds the file.</summary>
    public bool Succeeded => Outcome == TftpDownloadOutcome.Success;

    /// <summary>The file, on success.</summary>
    public byte[]? Content { get; }

    /// <summary>The code of the server's ERROR packet, when the server sent one.</summary>
    public TftpErrorCode? ServerErrorCode { get; }

    /// <summary>What went wrong, for logs and the phone's <c>$ERR</c>; the server's own text for server errors.</summary>
    public string? Message { get; }

    /// <summary>What happened on the wire.</summary>
    public TftpTransferStatistics Statistics { get; }

    internal static TftpDownloadResult Success(byte[] content, TftpTransferStatistics statistics) =>
        new(TftpDownloadOutcome.Success, content, null, null, statistics);

    internal static TftpDownloadResult Failure(TftpDownloadOutcome outcome, string message, TftpTransferStatistics statistics, TftpErrorCode? code = null) =>
        new(outcome, null, code, message, statistics);

    /// <inheritdoc />
    public override string ToString() => Succeeded
        ? $"Success: {Content!.Length} bytes"
        : ServerErrorCode is { } code ? $"{Outcome}: error {(ushort)code}: {Message}" : $"{Outcome}: {Message}";
}

/// <summary>Counters of one download.</summary>
/// <param name="BlockSize">The block size used (512 when the server ignored the options).</param>
/// <param name="OptionsAcknowledged">True when the server answered with an OACK.</param>
/// <param name="TransferSize">The size the server announced with <c>tsize</c>, if it did.</param>
/// <param name="Retransmissions">Packets this client sent again after a timeout.</param>
/// <param name="DuplicatePackets">DATA blocks received again (re-acknowledged, not stored twice).</param>
/// <param name="OutOfOrderPackets">DATA blocks that were neither the next nor the last one (dropped).</param>
/// <param name="FellBackToPlainTransfer">True when the server refused the options with an ERROR and the request was repeated without them.</param>
public sealed record TftpTransferStatistics(
    int BlockSize,
    bool OptionsAcknowledged,
    long? TransferSize,
    int Retransmissions,
    int DuplicatePackets,
    int OutOfOrderPackets,
    bool FellBackToPlainTransfer);
