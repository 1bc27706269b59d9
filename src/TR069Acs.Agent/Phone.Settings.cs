namespace TR069Acs.Agent;

public sealed partial class Phone
{
    /// <summary>Side effects of changed flat parameters, whoever changed them (ACS, profile, web page): the resync
    /// timers follow <c>Resync_*</c> and <c>Provision_Enable</c>; turning <c>Enable_TR-069</c> on, or pointing
    /// <c>ACS_URL</c> elsewhere while it is on, opens a session at once (with <c>0 BOOTSTRAP</c> for a new ACS).</summary>
    private void OnSettingsChanged(IReadOnlyCollection<string> flatNames)
    {
        if (flatNames.Count == 0)
        {
            return;
        }
        if (flatNames.Any(IsResyncTimerSetting))
        {
            RescheduleResync();
        }
        if (Tr069Enabled && flatNames.Any(n => n is Tr069EnableSetting or "ACS_URL"))
        {
            RequestSession();
        }
    }

    private const string Tr069EnableSetting = "Enable_TR-069";

    /// <summary>A phone with <c>Enable_TR-069</c> off never contacts the ACS: its events wait for the day it is turned on
    /// (the factory-fresh phone of the guides that a preprovisioning profile hands over to TR-069).</summary>
    private bool Tr069Enabled => !string.Equals(_model.GetFlat(Tr069EnableSetting), "No", StringComparison.OrdinalIgnoreCase);

    private static bool IsResyncTimerSetting(string name)
        => name.StartsWith("Resync_", StringComparison.Ordinal) || name is "Provision_Enable" or "Forced_Resync_Delay";
}
