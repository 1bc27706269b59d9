namespace TR069Acs.Cli.Commands;

/// <summary>Exit codes of <c>acs</c> (stated in <c>acs serve --help</c> and the README), so a service manager or a
/// script can tell an operator's mistake from a failure.</summary>
internal static class ExitCodes
{
    /// <summary>Done, or stopped cleanly.</summary>
    public const int Ok = 0;

    /// <summary>Failed while running (the API answered an error, a file could not be read).</summary>
    public const int Failed = 1;

    /// <summary>A setting, flag or file given is wrong; nothing was bound or changed.</summary>
    public const int Usage = 2;

    /// <summary>The Data Protection key ring does not match the database's encrypted secrets.</summary>
    public const int KeyRing = 3;

    /// <summary>A port the ACS needs is in use (or given to two settings), or another server holds the data directory.</summary>
    public const int PortInUse = 4;
}
