using TR069Acs.Provisioning.Syslog;

namespace TR069Acs.Server.Syslog;

/// <summary>A row of <c>syslog_messages</c>: one stored datagram, parsed or not, attached to a device or not.</summary>
internal sealed class SyslogRecord
{
    public long Id { get; init; }
    public string? DeviceId { get; init; }
    public string? MatchedBy { get; init; }
    public long Received { get; init; }
    public string RemoteAddress { get; init; } = "";
    public string? Format { get; init; }
    public long? Facility { get; init; }
    public long? Severity { get; init; }
    public long? Sent { get; init; }
    public string? Hostname { get; init; }
    public string? AppName { get; init; }
    public string? ProcessId { get; init; }
    public string? MessageId { get; init; }
    public string? StructuredData { get; init; }
    public string Message { get; init; } = "";
    public string? Event { get; init; }
    public string? Problem { get; init; }
    public long Truncated { get; init; }
    public long? Verified { get; init; }

    public static SyslogRecord From(ReceivedSyslogMessage received, DeviceMatch match, ProvisioningEvent? provisioning)
    {
        var m = received.Message;
        return new SyslogRecord
        {
            DeviceId = match.DeviceId,
            MatchedBy = match.By,
            Received = received.ReceivedAt.ToUnixTimeMilliseconds(),
            RemoteAddress = received.Remote.Address.IsIPv4MappedToIPv6 ? received.Remote.Address.MapToIPv4().ToString() : received.Remote.Address.ToString(),
            Format = m is null ? null : m.Format == SyslogFormat.Rfc5424 ? "rfc5424" : "rfc3164",
            Facility = m is null ? null : (long)m.Facility,
            Severity = m is null ? null : (long)m.Severity,
            Sent = m?.Timestamp?.ToUnixTimeMilliseconds(),
            Hostname = m?.Hostname,
            AppName = m?.AppName,
            ProcessId = m?.ProcessId,
            MessageId = m?.MessageId,
            StructuredData = m?.StructuredData,
            Message = m?.Message ?? received.Raw,
            Event = provisioning?.Name,
            Problem = received.ParseProblem,
            Truncated = received.Truncated ? 1 : 0,
            Verified = match.Verified ? 1 : 0,
        };
    }
}
