namespace TR069Acs.Server.Syslog;

/// <summary>
/// Where the <see cref="SyslogReceiver"/> delivers parsed messages, a batch at a time, from one consumer
/// (never concurrently). A slow sink makes the receiver shed new datagrams, never grow its memory; an exception
/// is counted and logged, and the next batch is delivered as usual.
/// </summary>
public interface ISyslogSink
{
    /// <summary>Stores or forwards a batch of messages, oldest first (malformed ones included, flagged).</summary>
    ValueTask WriteAsync(IReadOnlyList<ReceivedSyslogMessage> batch, CancellationToken cancellationToken);
}
