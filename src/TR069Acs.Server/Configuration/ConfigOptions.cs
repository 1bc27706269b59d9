namespace TR069Acs.Server.Configuration;

/// <summary>Settings of the layered configuration, bound from <c>Acs:Config</c>.</summary>
public sealed class ConfigOptions
{
    /// <summary>How often, at least, a phone's desired state is compared with what the ACS knows of it outside its
    /// <c>0 BOOTSTRAP</c>/<c>1 BOOT</c> sessions (<c>Acs:Config:ReconcileInterval</c>, e.g. <c>1.00:00:00</c>). A day
    /// matches the usual periodic Inform of a fleet: each phone is checked in about one session a day, so a
    /// 1,000,000-phone fleet adds about 12 reconciliations a second, and a value the phone lost unnoticed is back
    /// within a day.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A write that would put values back to their factory defaults on more devices than this needs
    /// <c>?confirm=N</c> with the device count of its dry run. 100: a lab or a pilot group passes; a fleet-wide revert,
    /// the mistake of a PUT meant as a PATCH, is stopped until someone has looked at it.</summary>
    public int ConfirmAbove { get; set; } = 100;
}
