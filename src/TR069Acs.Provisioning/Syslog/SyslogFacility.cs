namespace TR069Acs.Provisioning.Syslog;

/// <summary>Syslog facilities (RFC 5424 6.2.1, same codes as RFC 3164 4.1.1).</summary>
public enum SyslogFacility
{
    /// <summary>Kernel messages.</summary>
    Kernel = 0,

    /// <summary>User-level messages.</summary>
    User = 1,

    /// <summary>Mail system.</summary>
    Mail = 2,

    /// <summary>System daemons.</summary>
    Daemon = 3,

    /// <summary>Security/authorization.</summary>
    Auth = 4,

    /// <summary>Messages generated internally by syslogd.</summary>
    Syslog = 5,

    /// <summary>Line printer subsystem.</summary>
    Lpr = 6,

    /// <summary>Network news subsystem.</summary>
    News = 7,

    /// <summary>UUCP subsystem.</summary>
    Uucp = 8,

    /// <summary>Clock daemon.</summary>
    Cron = 9,

    /// <summary>Security/authorization (private).</summary>
    AuthPriv = 10,

    /// <summary>FTP daemon.</summary>
    Ftp = 11,

    /// <summary>NTP subsystem.</summary>
    Ntp = 12,

    /// <summary>Log audit.</summary>
    Audit = 13,

    /// <summary>Log alert.</summary>
    Alert = 14,

    /// <summary>Clock daemon (second).</summary>
    Clock = 15,

    /// <summary>Local use 0.</summary>
    Local0 = 16,

    /// <summary>Local use 1.</summary>
    Local1 = 17,

    /// <summary>Local use 2.</summary>
    Local2 = 18,

    /// <summary>Local use 3.</summary>
    Local3 = 19,

    /// <summary>Local use 4.</summary>
    Local4 = 20,

    /// <summary>Local use 5.</summary>
    Local5 = 21,

    /// <summary>Local use 6.</summary>
    Local6 = 22,

    /// <summary>Local use 7.</summary>
    Local7 = 23,
}
