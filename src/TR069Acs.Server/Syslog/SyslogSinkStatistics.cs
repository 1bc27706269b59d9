namespace TR069Acs.Server.Syslog;

/// <summary>What <see cref="SyslogSink"/> stored since start; safe to read from any thread.</summary>
public sealed class SyslogSinkStatistics
{
    private long _stored;
    private long _attached;
    private long _unattached;
    private long _events;
    private long _unverified;

    /// <summary>Messages written to the database (malformed ones included).</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Stored messages attached to a device.</summary>
    public long Attached => Interlocked.Read(ref _attached);

    /// <summary>Stored messages that name no known device (kept with no device).</summary>
    public long Unattached => Interlocked.Read(ref _unattached);

    /// <summary>Resync/upgrade events that updated a device's status.</summary>
    public long StatusEvents => Interlocked.Read(ref _events);

    /// <summary>Stored messages attached to a device but sent from another address than its last known one: they
    /// changed no status (issue 16 §6).</summary>
    public long Unverified => Interlocked.Read(ref _unverified);

    internal void OnStored(int attached, int unattached, int events, int unverified)
    {
        Interlocked.Add(ref _unverified, unverified);
        Interlocked.Add(ref _attached, attached);
        Interlocked.Add(ref _unattached, unattached);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _stored, attached + unattached);
    }
}
