namespace TR069Acs.Agent.Cwmp;

/// <summary>What the ACS's requests in a session left for the phone to do once the session is over.</summary>
internal sealed class SessionActions
{
    /// <summary>Reboot accepted (TR-069 A.3.2.9: after the session).</summary>
    public bool Reboot { get; set; }

    /// <summary>FactoryReset accepted.</summary>
    public bool FactoryReset { get; set; }

    /// <summary>PeriodicInformEnable, PeriodicInformInterval or PeriodicInformTime changed.</summary>
    public bool PeriodicInformChanged { get; set; }
}
