namespace TR069Acs.Agent;

public sealed partial class Phone
{
    /// <summary>Side effects of changed flat parameters, whoever changed them (ACS, profile, web page): the resync
    /// timers follow <c>Resync_*</c> and <c>Provision_Enable</c>.</summary>
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
    }

    private static bool IsResyncTimerSetting(string name)
        => name.StartsWith("Resync_", StringComparison.Ordinal) || name is "Provision_Enable" or "Forced_Resync_Delay";
}
