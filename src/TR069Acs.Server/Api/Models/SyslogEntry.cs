using TR069Acs.Provisioning.Syslog;
using TR069Acs.Server.Syslog;

namespace TR069Acs.Server.Api.Models;

/// <summary>A stored syslog message as the API shows it.</summary>
/// <param name="Id">Increasing; <c>before=</c> of the next page.</param>
/// <param name="ReceivedAt">The ACS's clock.</param>
/// <param name="RemoteAddress">The sender.</param>
/// <param name="DeviceId">The device it is attached to, or null.</param>
/// <param name="MatchedBy"><c>mac</c>, <c>serial</c> or <c>address</c>.</param>
/// <param name="Severity">e.g. <c>informational</c>; null when malformed.</param>
/// <param name="Facility">e.g. <c>local0</c>; null when malformed.</param>
/// <param name="Timestamp">The sender's timestamp (RFC 3164 has no year or zone: the receiver's year and UTC).</param>
/// <param name="Hostname">The phones' <c>Syslog_Identifier</c>.</param>
/// <param name="AppName">RFC 3164 TAG / RFC 5424 APP-NAME.</param>
/// <param name="ProcessId">PROCID.</param>
/// <param name="MessageId">RFC 5424 MSGID.</param>
/// <param name="StructuredData">RFC 5424 STRUCTURED-DATA.</param>
/// <param name="Message">The text; the raw datagram when malformed.</param>
/// <param name="Event"><c>resyncRequest</c>, <c>resyncSuccess</c>, <c>resyncFailure</c>, <c>upgradeRequest</c>, <c>upgradeSuccess</c>, <c>upgradeFailure</c> or null.</param>
/// <param name="Format"><c>rfc3164</c> or <c>rfc5424</c>; null when malformed.</param>
/// <param name="Malformed">True when the datagram is not syslog.</param>
/// <param name="Problem">Why it is not.</param>
/// <param name="Truncated">True when the datagram was cut to the receiver's limit.</param>
/// <param name="Verified">Issue 16 §6: true when it came from the device's last known address (its last Inform or profile
/// fetch) and so could change the device's status; false when it came from elsewhere (or names no device); null for a
/// message stored before the ACS told.</param>
internal sealed record SyslogEntry(
    long Id,
    DateTimeOffset ReceivedAt,
    string RemoteAddress,
    string? DeviceId,
    string? MatchedBy,
    string? Severity,
    string? Facility,
    DateTimeOffset? Timestamp,
    string? Hostname,
    string? AppName,
    string? ProcessId,
    string? MessageId,
    string? StructuredData,
    string Message,
    string? Event,
    string? Format,
    bool Malformed,
    string? Problem,
    bool Truncated,
    bool? Verified)
{
    public static SyslogEntry From(SyslogRecord r) => new(r.Id, ApiTime.From(r.Received), r.RemoteAddress, r.DeviceId, r.MatchedBy,
        r.Severity is { } s ? ((SyslogSeverity)s).ToString().ToLowerInvariant() : null,
        r.Facility is { } f ? ((SyslogFacility)f).ToString().ToLowerInvariant() : null,
        ApiTime.From(r.Sent), r.Hostname, r.AppName, r.ProcessId, r.MessageId, r.StructuredData, r.Message, r.Event, r.Format,
        r.Format is null, r.Problem, r.Truncated != 0, r.Verified is { } verified ? verified != 0 : null);
}
