namespace TR069Acs.Server.Syslog;

/// <summary>A page of stored messages, newest first.</summary>
/// <param name="DeviceId">The device; null for the messages attached to no device.</param>
/// <param name="Since">Only messages received at or after this time (Unix ms).</param>
/// <param name="MaxSeverity">Only messages at least this severe (RFC 5424: a lower number is more severe); malformed ones have none.</param>
/// <param name="Before">Only messages with a smaller id: the cursor of the next page.</param>
/// <param name="Limit">Page size.</param>
internal sealed record SyslogQuery(string? DeviceId, long? Since, int? MaxSeverity, long? Before, int Limit);
