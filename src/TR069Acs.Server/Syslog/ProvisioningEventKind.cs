namespace TR069Acs.Server.Syslog;

/// <summary>What a phone's provisioning message reports: the start or the outcome of a resync or an upgrade
/// (<c>Log_Request_Msg</c>, <c>Log_Success_Msg</c>, <c>Log_Failure_Msg</c> and their <c>Log_Upgrade_*</c> peers).</summary>
public enum ProvisioningEventKind
{
    /// <summary><c>Log_Request_Msg</c>: "… -- Requesting resync URL".</summary>
    ResyncRequest,

    /// <summary><c>Log_Success_Msg</c>: "… -- Successful resync URL".</summary>
    ResyncSuccess,

    /// <summary><c>Log_Failure_Msg</c>: "… -- Resync failed: ERR".</summary>
    ResyncFailure,

    /// <summary><c>Log_Upgrade_Request_Msg</c>: "… -- Requesting upgrade URL".</summary>
    UpgradeRequest,

    /// <summary><c>Log_Upgrade_Success_Msg</c>: "… -- Successful upgrade URL -- ERR".</summary>
    UpgradeSuccess,

    /// <summary><c>Log_Upgrade_Failure_Msg</c>: "… -- Upgrade failed: ERR".</summary>
    UpgradeFailure,
}
