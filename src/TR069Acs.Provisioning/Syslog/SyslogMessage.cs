namespace TR069Acs.Provisioning.Syslog;

/// <summary>A syslog message, as the phone sends it or the ACS receiver parses it.</summary>
/// <param name="Facility">The facility.</param>
/// <param name="Severity">The severity.</param>
/// <param name="Timestamp">The sender's timestamp (RFC 3164 has no year or zone: the receiver's year and UTC are assumed), or null when absent.</param>
/// <param name="Hostname">The host field: for the phones, the <c>Syslog_Identifier</c> value; null when absent.</param>
/// <param name="AppName">RFC 3164 TAG or RFC 5424 APP-NAME, or null.</param>
/// <param name="ProcessId">RFC 3164 <c>TAG[pid]</c> or RFC 5424 PROCID, or null.</param>
/// <param name="MessageId">RFC 5424 MSGID, or null.</param>
/// <param name="StructuredData">RFC 5424 STRUCTURED-DATA as text, or null.</param>
/// <param name="Message">The free-form text.</param>
/// <param name="Format">The wire format.</param>
public sealed record SyslogMessage(
    SyslogFacility Facility,
    SyslogSeverity Severity,
    DateTimeOffset? Timestamp,
    string? Hostname,
    string? AppName,
    string? ProcessId,
    string? MessageId,
    string? StructuredData,
    string Message,
    SyslogFormat Format = SyslogFormat.Rfc3164)
{
    /// <summary>PRI = facility × 8 + severity.</summary>
    public int Priority => (int)Facility * 8 + (int)Severity;
}
