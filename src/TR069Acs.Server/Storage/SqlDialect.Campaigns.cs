namespace TR069Acs.Server.Storage;

internal abstract partial class SqlDialect
{
    /// <summary>Inserts a scheduled campaign and yields its generated id.</summary>
    public virtual string InsertCampaign => """
        INSERT INTO campaigns (name, firmware_id, target_version, definition, status, phase, created)
        VALUES (@Name, @FirmwareId, @TargetVersion, @Definition, 'scheduled', 0, @Now)
        RETURNING id
        """;

    /// <summary>Fails an in-flight attempt (back to pending for a retry while attempts remain) and yields the new state;
    /// no row when the attempt was not in flight.</summary>
    public virtual string FailCampaignAttempt => """
        UPDATE campaign_devices SET
            state = CASE WHEN attempts < @MaxAttempts THEN 'pending' ELSE 'failed' END,
            last_fault = @Fault,
            not_before = CASE WHEN attempts < @MaxAttempts THEN @RetryAt ELSE NULL END,
            reason = CASE WHEN attempts < @MaxAttempts THEN 'attempt ' || attempts || ' failed; retried after the retry delay' ELSE NULL END,
            finished = CASE WHEN attempts < @MaxAttempts THEN NULL ELSE @Now END
        WHERE campaign_id = @CampaignId AND command_key = @Key AND state = 'inProgress'
          AND (@DeviceId IS NULL OR device_id = @DeviceId)
        RETURNING state
        """;
}
