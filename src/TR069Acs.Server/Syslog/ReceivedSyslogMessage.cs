using System.Net;
using TR069Acs.Provisioning.Syslog;

namespace TR069Acs.Server.Syslog;

/// <summary>
/// One datagram the <see cref="SyslogReceiver"/> took in: who sent it and when, its text, and the message
/// <see cref="SyslogParser"/> read from it — or, for garbage, why there is none. Garbage is delivered too, so the
/// ACS can keep what a misconfigured phone sends.
/// </summary>
/// <param name="ReceivedAt">When the receiver got the datagram.</param>
/// <param name="Remote">The sender: the device, for attaching the message to it.</param>
/// <param name="Raw">The datagram as text (UTF-8, invalid bytes replaced).</param>
/// <param name="Message">The parsed RFC 3164 or RFC 5424 message; null when the datagram is not syslog.</param>
/// <param name="ParseProblem">Why <paramref name="Message"/> is null, naming what is wrong.</param>
/// <param name="Truncated">True when the datagram was longer than <see cref="SyslogReceiverOptions.MaxMessageBytes"/> and was cut.</param>
public sealed record ReceivedSyslogMessage(
    DateTimeOffset ReceivedAt,
    IPEndPoint Remote,
    string Raw,
    SyslogMessage? Message,
    string? ParseProblem,
    bool Truncated)
{
    /// <summary>True when the datagram could not be parsed.</summary>
    public bool IsMalformed => Message is null;
}
