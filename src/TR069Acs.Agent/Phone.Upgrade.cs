using TR069Acs.Agent.Resync;
using TR069Acs.Agent.State;
using TR069Acs.Agent.Upgrade;
using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Intervals;
using TR069Acs.Provisioning.Rules;

namespace TR069Acs.Agent;

/// <summary>The firmware upgrade engine (issue 3 §7, DESIGN §6): <c>Upgrade_Rule</c> after each resync and on its
/// retry timer, <c>/admin/upgrade?URL</c>, and Download FileType <c>1 Firmware Upgrade Image</c>. Every file is
/// checked before "flashing" (<see cref="FirmwareCheck"/>); a good one reboots the phone into its version.</summary>
public sealed partial class Phone
{
    private DateTimeOffset? _upgradeRetryDue;
    private int _upgradeFailures;
    private int _upgradeRunning;
    private bool _skipUpgradeRule;
    private bool _resyncAfterBoot;

    /// <summary>When the failed <c>Upgrade_Rule</c> is tried again (<c>Upgrade_Error_Retry_Delay</c>), or null.</summary>
    public DateTimeOffset? NextUpgradeRetry
    {
        get
        {
            lock (_lock)
            {
                return _upgradeRetryDue;
            }
        }
    }

    /// <summary>Upgrades now, as <c>/admin/upgrade?URL</c> does: from <paramref name="rule"/> (<c>[--uid U --pwd P] URL</c>;
    /// a condition is honoured), or from <c>Upgrade_Rule</c> when null. <c>Upgrade_Enable</c> No refuses.</summary>
    public Task<UpgradeOutcome> UpgradeAsync(string? rule = null, CancellationToken cancellationToken = default)
        => RunUpgradeAsync(rule ?? Flat("Upgrade_Rule"), fromUpgradeRule: rule is null, cancellationToken);

    /// <summary>After a scheduled resync: <c>Upgrade_Rule</c>, unless its retry timer runs or the resync was the one
    /// that follows an upgrade attempt (which would otherwise loop).</summary>
    private async Task UpgradeAfterResyncAsync(CancellationToken cancellationToken)
    {
        bool skip;
        lock (_lock)
        {
            skip = _skipUpgradeRule || _upgradeRetryDue > _fleet.Time.GetUtcNow();
            _skipUpgradeRule = false;
        }
        if (!skip && Flat("Upgrade_Rule").Length > 0)
        {
            await RunUpgradeAsync(Flat("Upgrade_Rule"), fromUpgradeRule: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Called by the scheduler wake-up under the phone's lock: true when the upgrade retry is due now.</summary>
    private bool TakeDueUpgrade(DateTimeOffset now)
    {
        if (_upgradeRetryDue is null || _upgradeRetryDue > now)
        {
            return false;
        }
        _upgradeRetryDue = null;
        return true;
    }

    private void StartUpgradeRetry()
        => _fleet.Work.Run(() => RunUpgradeAsync(Flat("Upgrade_Rule"), fromUpgradeRule: true, _fleet.Stopping), e => Log.SessionCrashed(_fleet.Logger, e, DeviceId));

    private async Task<UpgradeOutcome> RunUpgradeAsync(string text, bool fromUpgradeRule, CancellationToken cancellationToken)
    {
        if (!FlatYes("Upgrade_Enable"))
        {
            return UpgradeOutcome.NotAttempted("upgrades are disabled (Upgrade_Enable)");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return UpgradeOutcome.NotAttempted("no upgrade rule");
        }
        if (Interlocked.Exchange(ref _upgradeRunning, 1) == 1)
        {
            return UpgradeOutcome.NotAttempted("an upgrade is already running");
        }
        try
        {
            var outcome = await AttemptUpgradeAsync(text, cancellationToken).ConfigureAwait(false);
            if (outcome.Attempted)
            {
                AfterUpgradeAttempt(outcome, fromUpgradeRule);
            }
            return outcome;
        }
        finally
        {
            Volatile.Write(ref _upgradeRunning, 0);
        }
    }

    private async Task<UpgradeOutcome> AttemptUpgradeAsync(string text, CancellationToken cancellationToken)
    {
        var macros = Macros();
        if (!ProvisioningRule.TryParse(text, out var rule, out var ruleError))
        {
            return await UpgradeFailedAsync(macros, null, $"bad upgrade rule: {ruleError.Message}").ConfigureAwait(false);
        }
        RuleTarget target;
        try
        {
            if (!rule.IsSatisfied(macros))
            {
                return UpgradeOutcome.NotAttempted("the upgrade rule's condition does not hold");
            }
            target = rule.Resolve(macros, DhcpTftpServer());
        }
        catch (FormatException e)
        {
            return await UpgradeFailedAsync(macros, null, $"bad upgrade rule: {e.Message}").ConfigureAwait(false);
        }
        macros.BuiltIns.SetRequest(target.SchemeName, target.Host, target.Host, target.Port, target.Path);
        await SyslogAsync("Log_Upgrade_Request_Msg", macros, severity: 6).ConfigureAwait(false);
        var fetched = await ProfileFetcher.FetchAsync(target, _fleet.Http, UserAgent, _fleet.Options.ProvisioningTimeout, cancellationToken)
            .ConfigureAwait(false);
        Interlocked.Exchange(ref _lastUpgradeTicks, _fleet.Time.GetUtcNow().UtcTicks);
        if (!fetched.Succeeded)
        {
            return await UpgradeFailedAsync(macros, target.Url, fetched.Error!).ConfigureAwait(false);
        }
        var verdict = FirmwareCheck.Check(fetched.Content!, _fleet.CatalogueModel.Name, Flat("Downgrade_Rev_Limit"), _fleet.Options.FirmwareTrustedKeys);
        if (!verdict.Accepted)
        {
            return await UpgradeFailedAsync(macros, target.Url, verdict.Error!).ConfigureAwait(false);
        }
        if (verdict.Version == SoftwareVersion)
        {
            // Already running it: nothing to flash, no reboot (the rule's usual condition $SWVER ne … says the same).
            await DebugAsync(1, $"upgrade {target.Url}: already running {verdict.Version}").ConfigureAwait(false);
            return new UpgradeOutcome(true, true, null, target.Url, verdict.Version);
        }
        await SyslogAsync("Log_Upgrade_Success_Msg", macros, severity: 6).ConfigureAwait(false);
        Flash(verdict.Version, target.Url);
        return new UpgradeOutcome(true, true, null, target.Url, verdict.Version);
    }

    private async Task<UpgradeOutcome> UpgradeFailedAsync(PhoneMacroContext macros, string? url, string error)
    {
        macros.BuiltIns.Error = error;
        macros.BuiltIns.UpgradeError = error;
        await SyslogAsync("Log_Upgrade_Failure_Msg", macros, severity: 3).ConfigureAwait(false);
        return new UpgradeOutcome(true, false, error, url, null);
    }

    /// <summary>After an attempt: a failed <c>Upgrade_Rule</c> waits <c>Upgrade_Error_Retry_Delay</c> (0: no retry);
    /// <c>Resync_After_Upgrade_Attempt</c> resyncs now, or after the reboot into the new image.</summary>
    private void AfterUpgradeAttempt(UpgradeOutcome outcome, bool fromUpgradeRule)
    {
        var now = _fleet.Time.GetUtcNow();
        var resync = FlatYes("Resync_After_Upgrade_Attempt") && FlatYes("Provision_Enable");
        lock (_lock)
        {
            if (outcome.Succeeded)
            {
                _upgradeFailures = 0;
                _upgradeRetryDue = null;
                _resyncAfterBoot = resync && _offlineUntil is not null;
            }
            else if (fromUpgradeRule && ResyncInterval.TryParse(Flat("Upgrade_Error_Retry_Delay"), out var retry, out _)
                     && retry.GetDelay(_upgradeFailures, _fleet.Random) is { } delay)
            {
                _upgradeFailures++;
                _upgradeRetryDue = now + Scaled(delay);
            }
            if (resync && _offlineUntil is null && !_resyncRunning)
            {
                // The resync that follows the attempt does not run Upgrade_Rule again.
                _skipUpgradeRule = true;
                _resyncDue = now;
            }
        }
        Reschedule();
    }

    /// <summary>"Flashes" an accepted image: the phone runs <paramref name="version"/> (when known) after a reboot.</summary>
    private void Flash(string? version, string url)
    {
        if (version is null)
        {
            Log.UnknownFirmwareVersion(_fleet.Logger, DeviceId, url);
        }
        else
        {
            Volatile.Write(ref _softwareVersion, version);
        }
        Persist();
        RebootNow();
    }

    /// <summary>Download FileType <c>1 Firmware Upgrade Image</c>: the same checks and syslog messages as an upgrade
    /// rule; the TransferComplete carries 9018 for a damaged image and 9010 for one the phone refuses. On success the
    /// new version is set and the caller reboots the phone (<c>1 BOOT</c>, <c>7 TRANSFER COMPLETE</c>, <c>M Download</c>).</summary>
    private async Task<(FaultStruct Fault, bool Install)> CheckDownloadedFirmwareAsync(byte[]? content, TransferJob job, Uri url)
    {
        Interlocked.Exchange(ref _lastUpgradeTicks, _fleet.Time.GetUtcNow().UtcTicks);
        var macros = Macros();
        macros.BuiltIns.SetRequest(url.Scheme, url.Host, url.Host, url.Port, url.AbsolutePath);
        await SyslogAsync("Log_Upgrade_Request_Msg", macros, severity: 6).ConfigureAwait(false);
        // An image larger than the phone keeps cannot be verified, so it is not installed.
        var verdict = content is null
            ? new FirmwareVerdict(null, FaultCodes.DownloadFailure,
                $"image refused (TooLarge): larger than the {Transfers.FileTransferClient.MaxKeptImageBytes} bytes the phone verifies", IsImage: false)
            : FirmwareCheck.Check(content, _fleet.CatalogueModel.Name, Flat("Downgrade_Rev_Limit"), _fleet.Options.FirmwareTrustedKeys);
        if (!verdict.Accepted)
        {
            await UpgradeFailedAsync(macros, job.Url, verdict.Error!).ConfigureAwait(false);
            return (new FaultStruct(verdict.FaultCode, verdict.Error!), false);
        }
        await SyslogAsync("Log_Upgrade_Success_Msg", macros, severity: 6).ConfigureAwait(false);
        if (verdict.Version is null)
        {
            Log.UnknownFirmwareVersion(_fleet.Logger, DeviceId, job.Url);
        }
        else
        {
            Volatile.Write(ref _softwareVersion, verdict.Version);
        }
        return (FaultStruct.None, true);
    }
}
