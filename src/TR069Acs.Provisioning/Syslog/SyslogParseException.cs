namespace TR069Acs.Provisioning.Syslog;

/// <summary>A datagram that is not a syslog message.</summary>
public sealed class SyslogParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public SyslogParseException(string message) : base(message)
    {
    }
}
