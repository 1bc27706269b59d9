namespace TR069Acs.Server.Hosting;

/// <summary>Connection limits of the listeners (<c>Acs:Limits:*</c>), sized below the process's file-descriptor budget:
/// past a limit a new connection is closed at once, and the process never runs out of descriptors (issue 16: 19,750 idle
/// connections once made the runtime abort).</summary>
public sealed class AcsLimits
{
    /// <summary>Connections the CWMP listener holds at once. A CPE holds one only during its session (seconds), so
    /// 10,000 serves a fleet of hundreds of thousands informing every few minutes.</summary>
    public int CwmpConnections { get; set; } = 10_000;

    /// <summary>Connections the CWMP-over-HTTPS listener holds at once (the same reasoning as <see cref="CwmpConnections"/>).</summary>
    public int CwmpTlsConnections { get; set; } = 10_000;

    /// <summary>Connections the plain HTTP file server (profiles, firmware) holds at once. Phones fetch at boot and on
    /// resync; a firmware download holds its connection for its whole transfer.</summary>
    public int FilesConnections { get; set; } = 4_000;

    /// <summary>Connections the HTTPS file server holds at once.</summary>
    public int FilesTlsConnections { get; set; } = 4_000;

    /// <summary>Connections the operator API holds at once: operators and their scripts, not devices.</summary>
    public int ApiConnections { get; set; } = 256;

    /// <summary>Connections one source address holds at once, over all listeners; an IPv6 /64 counts as one address
    /// (one subscriber line gets a whole /64). 256: an office or carrier NAT puts many phones behind one address, but
    /// each holds a connection only for its few-second session; one host holding thousands is a flood.</summary>
    public int ConnectionsPerAddress { get; set; } = 256;

    /// <summary>Time a client has to send a request's headers (Kestrel's default is 30 s): a CPE sends them at once,
    /// so 10 s ends slow-header ("slowloris") connections three times sooner.</summary>
    public int RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>Time an idle kept-alive connection stays open (Kestrel's default is 130 s). A CPE answers the ACS's
    /// requests within seconds and opens a new connection otherwise (the session cookie carries on), so 30 s frees
    /// idle connections four times sooner.</summary>
    public int KeepAliveTimeoutSeconds { get; set; } = 30;

    /// <summary>Descriptors kept for everything but listener connections: the database and its WAL, logs, key files,
    /// syslog, outgoing Connection Requests. (TFTP transfers, one socket each, are counted separately.)</summary>
    public int DescriptorReserve { get; set; } = 512;
}
