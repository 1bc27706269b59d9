namespace TR069Acs.Server.Configuration;

/// <summary>Settings of layered configuration, bound from <c>Acs:Config</c>.</summary>
public sealed class ConfigOptions
{
    /// <summary>A write that would put values back to their factory defaults on more devices than this needs
    /// <c>?confirm=N</c> with the device count of its dry run. 100: a lab or a pilot group passes; a fleet-wide revert,
    /// the mistake of a PUT meant as a PATCH, is stopped until someone has looked at it.</summary>
    public int ConfirmAbove { get; set; } = 100;
}
