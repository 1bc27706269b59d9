using System.Diagnostics.CodeAnalysis;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Provisioning.Syslog;

/// <summary>
/// The phone's provisioning messages: the <c>Log_Request_Msg</c>, <c>Log_Success_Msg</c>, <c>Log_Failure_Msg</c>
/// and <c>Log_Upgrade_*</c> templates (defaults in <c>catalogue.json</c>) after macro expansion, sent as RFC 3164 to
/// <c>Syslog_Server</c> (and <c>Debug_Server</c>), with <c>Syslog_Identifier</c> as the host field.
/// </summary>
public static class ProvisioningLog
{
    /// <summary>The syslog port when <c>Syslog_Server</c> names none.</summary>
    public const int DefaultPort = 514;

    /// <summary>The message for <paramref name="template"/>, or null when the template is empty (no message is sent).</summary>
    public static string? Expand(string? template, IMacroContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return string.IsNullOrWhiteSpace(template) ? null : MacroExpander.Expand(template, context);
    }

    /// <summary>
    /// The device identifier for <c>Syslog_Identifier</c>: null for <c>None</c> or empty, else its macro
    /// (<c>$MA</c>, <c>$MAU</c>, <c>$MAC</c>, <c>$SN</c>) expanded.
    /// </summary>
    public static string? Identifier(string? setting, IMacroContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(setting) || setting.Equals("None", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = MacroExpander.Expand(setting, context);
        return value.Length == 0 ? null : value;
    }

    /// <summary>Parses <c>Syslog_Server</c>/<c>Debug_Server</c>: false when empty or invalid (nothing is sent).</summary>
    public static bool TryParseServer(string? setting, [NotNullWhen(true)] out HostPort? server)
    {
        server = null;
        return !string.IsNullOrWhiteSpace(setting) && HostPort.TryParse(setting, out server);
    }

    /// <summary>A message as the phone sends it: the identifier in the host field, no tag.</summary>
    public static SyslogMessage Create(
        string text,
        string? identifier,
        DateTimeOffset timestamp,
        SyslogSeverity severity = SyslogSeverity.Notice,
        SyslogFacility facility = SyslogFacility.User) =>
        new(facility, severity, timestamp, identifier, null, null, null, null, text);
}
