using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Agent;

public sealed partial class Phone
{
    /// <summary>The phone's web admin (<c>http://host:port/admin/</c>) once the fleet listens, or null when
    /// <see cref="PhoneOptions.AdminPort"/> is not set.</summary>
    public Uri? AdminUri { get; internal set; }

    /// <summary>The admin password of the web pages (<c>Admin_Passwd</c>; empty: pages are open).</summary>
    internal string AdminPassword => Flat("Admin_Passwd");

    /// <summary>A copy of the current flat configuration (what <c>/admin/cfg.xml</c> exports).</summary>
    internal FlatValues? FlatConfiguration() => _model.FlatValuesSnapshot();

    /// <summary>Reboots as <c>/admin/reboot</c> does: offline for <see cref="PhoneOptions.RebootDuration"/>, then
    /// <c>1 BOOT</c> (no <c>M Reboot</c>: the ACS did not ask for it).</summary>
    public void Reboot()
    {
        Persist();
        RebootNow();
    }
}
