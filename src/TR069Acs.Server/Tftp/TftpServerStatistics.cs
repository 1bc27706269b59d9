namespace TR069Acs.Server.Tftp;

/// <summary>Counters of a <see cref="TftpServer"/> since it started; safe to read from any thread.</summary>
public sealed class TftpServerStatistics
{
    private long _datagramsReceived;
    private long _transfersStarted;
    private long _transfersCompleted;
    private long _transfersFailed;
    private long _transfersTimedOut;
    private long _requestsRefused;
    private long _refusedBusy;
    private long _notFound;
    private long _malformedPackets;
    private long _duplicateRequests;
    private long _retransmissions;
    private long _rateLimited;
    private long _bytesSent;
    private int _activeTransfers;

    /// <summary>Datagrams received on the request port.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Read requests accepted (a transfer port was opened).</summary>
    public long TransfersStarted => Interlocked.Read(ref _transfersStarted);

    /// <summary>Transfers whose last block was acknowledged.</summary>
    public long TransfersCompleted => Interlocked.Read(ref _transfersCompleted);

    /// <summary>Transfers ended by an ERROR (ours or the client's), a bad packet or a source failure.</summary>
    public long TransfersFailed => Interlocked.Read(ref _transfersFailed);

    /// <summary>Transfers abandoned because the client stopped acknowledging.</summary>
    public long TransfersTimedOut => Interlocked.Read(ref _transfersTimedOut);

    /// <summary>Requests answered with an ERROR before a transfer started (write, traversal, options, busy, mode).</summary>
    public long RequestsRefused => Interlocked.Read(ref _requestsRefused);

    /// <summary>Requests refused because <see cref="TftpServerOptions.MaxConcurrentTransfers"/> were in progress.</summary>
    public long RefusedBusy => Interlocked.Read(ref _refusedBusy);

    /// <summary>Requests for files the source did not have.</summary>
    public long NotFound => Interlocked.Read(ref _notFound);

    /// <summary>Datagrams that were not well-formed TFTP packets, or too large.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformedPackets);

    /// <summary>Retransmitted read requests ignored because their transfer was already running.</summary>
    public long DuplicateRequests => Interlocked.Read(ref _duplicateRequests);

    /// <summary>OACK and DATA packets sent again after a timeout.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>File bytes sent in DATA packets, retransmissions excluded.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Transfers in progress now.</summary>
    public int ActiveTransfers => Volatile.Read(ref _activeTransfers);

    /// <summary>Read requests dropped unanswered because their address started new transfers faster than its rate.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    internal void DatagramReceived() => Interlocked.Increment(ref _datagramsReceived);

    internal void TransferStarted()
    {
        Interlocked.Increment(ref _transfersStarted);
        Interlocked.Increment(ref _activeTransfers);
    }

    internal void TransferEnded(TftpTransferEnd end)
    {
        Interlocked.Decrement(ref _activeTransfers);
        switch (end)
        {
            case TftpTransferEnd.Completed:
                Interlocked.Increment(ref _transfersCompleted);
                break;
            case TftpTransferEnd.TimedOut:
                Interlocked.Increment(ref _transfersTimedOut);
                break;
            case TftpTransferEnd.NotFound:
                Interlocked.Increment(ref _notFound);
                break;
            case TftpTransferEnd.Failed:
                Interlocked.Increment(ref _transfersFailed);
                break;
        }
    }

    internal void RequestRefused(bool busy = false)
    {
        Interlocked.Increment(ref _requestsRefused);
        if (busy)
        {
            Interlocked.Increment(ref _refusedBusy);
        }
    }

    internal void MalformedPacket() => Interlocked.Increment(ref _malformedPackets);

    internal void DuplicateRequest() => Interlocked.Increment(ref _duplicateRequests);

    internal void RequestRateLimited() => Interlocked.Increment(ref _rateLimited);

    internal void Retransmitted() => Interlocked.Increment(ref _retransmissions);

    internal void Sent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);
}

/// <summary>How a transfer ended, for the counters.</summary>
internal enum TftpTransferEnd
{
    Completed,
    TimedOut,
    NotFound,
    Failed,
    Stopped,
}
