namespace TR069Acs.Provisioning.Syslog;

/// <summary>The syslog wire format of a message.</summary>
public enum SyslogFormat
{
    /// <summary>BSD syslog, RFC 3164: <c>&lt;PRI&gt;Mmm dd hh:mm:ss HOST TAG: MSG</c>.</summary>
    Rfc3164,

    /// <summary>RFC 5424: <c>&lt;PRI&gt;1 TIMESTAMP HOST APP PROCID MSGID SD MSG</c>.</summary>
    Rfc5424,
}
