namespace TR069Acs.Agent.DataModel;

/// <summary>What a parameter allows of SetParameterAttributes' Notification (TR-069 A.3.2.4, TR-106 "Active Notify").</summary>
internal enum NotificationPolicy
{
    /// <summary>Off, passive and active are all accepted.</summary>
    Normal,

    /// <summary>Always active: the CPE reports every change; asking for anything else is refused with 9009.</summary>
    ForcedActive,

    /// <summary>The CPE refuses active notification (a value that changes all the time, such as UpTime) with 9009.</summary>
    ActiveDenied,
}
