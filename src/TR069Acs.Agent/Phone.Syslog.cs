using TR069Acs.Agent.Resync;
using TR069Acs.Provisioning.Macros;

namespace TR069Acs.Agent;

public sealed partial class Phone
{
    /// <summary>Sends the <c>Log_*_Msg</c> named by <paramref name="parameter"/>, macro-expanded, to <c>Syslog_Server</c>
    /// (empty message or server: nothing is sent).</summary>
    private Task SyslogAsync(string parameter, PhoneMacroContext macros, int severity)
    {
        var template = Flat(parameter);
        var server = Flat("Syslog_Server");
        if (template.Length == 0 || server.Length == 0)
        {
            return Task.CompletedTask;
        }
        return _fleet.Syslog.SendAsync(server, severity, SyslogHost(macros), MacroExpander.Expand(template, macros), _fleet.Time.GetUtcNow());
    }

    /// <summary>Detail for <c>Debug_Server</c> (else <c>Syslog_Server</c>) when <c>Debug_Level</c> ≥ <paramref name="level"/>.</summary>
    private Task DebugAsync(int level, string message)
    {
        if (!int.TryParse(Flat("Debug_Level"), out var configured) || configured < level)
        {
            return Task.CompletedTask;
        }
        var server = Flat("Debug_Server") is { Length: > 0 } debug ? debug : Flat("Syslog_Server");
        return _fleet.Syslog.SendAsync(server, 7, SyslogHost(Macros()), message, _fleet.Time.GetUtcNow());
    }

    /// <summary>The identifier after the timestamp: <c>Syslog_Identifier</c> expanded, or the phone's address for None.</summary>
    private string SyslogHost(IMacroContext macros)
    {
        var identifier = Flat("Syslog_Identifier");
        return identifier is "" or "None"
            ? _fleet.ConnectionRequestBase?.Host.Trim('[', ']') ?? _fleet.Options.ListenAddress
            : MacroExpander.Expand(identifier, macros);
    }
}
