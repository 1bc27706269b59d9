namespace TR069Acs.Server.Syslog;

/// <summary>Counters of a <see cref="SyslogReceiver"/> since it started; safe to read from any thread.</summary>
public sealed class SyslogReceiverStatistics
{
    private long _received;
    private long _dropped;
    private long _malformed;
    private long _truncated;
    private long _delivered;
    private long _sinkFailures;
    private long _lost;

    /// <summary>Datagrams read from the socket (the kernel may drop more before that under a flood).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams shed because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Datagrams that are not syslog messages; they are still delivered, flagged.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Datagrams cut to <see cref="SyslogReceiverOptions.MaxMessageBytes"/>.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    /// <summary>Messages handed to the sink by calls that returned normally.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Sink calls that threw; their messages are lost.</summary>
    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    /// <summary>Messages accepted but not yet handed to the sink (queued, being parsed, or in the current sink call).</summary>
    public long Pending => Math.Max(0, Received - Dropped - Delivered - Interlocked.Read(ref _lost));

    /// <summary>Counts a datagram after the queue took or refused it.</summary>
    internal void OnReceived(bool truncated, bool dropped)
    {
        // Dropped before Received: a reader of Pending (Received first) never sees a shed datagram as held.
        if (dropped)
        {
            Interlocked.Increment(ref _dropped);
        }

        if (truncated)
        {
            Interlocked.Increment(ref _truncated);
        }

        Interlocked.Increment(ref _received);
    }

    internal void OnMalformed() => Interlocked.Increment(ref _malformed);

    internal void OnDelivered(int count) => Interlocked.Add(ref _delivered, count);

    internal void OnSinkFailed(int count)
    {
        Interlocked.Increment(ref _sinkFailures);
        Interlocked.Add(ref _lost, count);
    }
}
