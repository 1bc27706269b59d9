using TR069Acs.Agent.Resync;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Conditions;
using TR069Acs.Provisioning.Crypto;
using TR069Acs.Provisioning.FlatProfiles;
using TR069Acs.Provisioning.Intervals;
using TR069Acs.Provisioning.Macros;
using TR069Acs.Provisioning.Rules;

namespace TR069Acs.Agent;

/// <summary>The resync engine (DESIGN §6): <c>Profile_Rule</c>, <c>_B</c>, <c>_C</c>, <c>_D</c> in order; each file is
/// fetched, decrypted (<c>--key</c>), gunzipped when it starts with a gzip header, parsed and applied. A file that fails
/// any step changes nothing; a bad single value is skipped and reported. Timers run on the fleet's scheduler.</summary>
public sealed partial class Phone
{
    private const string ResyncAlreadyRunning = "a resync is already running";
    private static readonly string[] ProfileRules = ["Profile_Rule", "Profile_Rule_B", "Profile_Rule_C", "Profile_Rule_D"];
    private static readonly TimeSpan TriggerRecheck = TimeSpan.FromSeconds(60);

    private DateTimeOffset? _resyncDue;
    private int _resyncFailures;
    private bool _resyncRunning;
    private long _lastResyncTicks;
    private long _lastUpgradeTicks;
    private int _resyncsCompleted;
    private ResyncOutcome? _lastResync;

    /// <summary>Resyncs finished since start (successful or not).</summary>
    public int ResyncsCompleted => Volatile.Read(ref _resyncsCompleted);

    /// <summary>The last resync's outcome, or null before the first.</summary>
    public ResyncOutcome? LastResync => Volatile.Read(ref _lastResync);

    /// <summary>When the next timed resync is due, or null when none is scheduled.</summary>
    public DateTimeOffset? NextResync
    {
        get
        {
            lock (_lock)
            {
                return _resyncDue;
            }
        }
    }

    /// <summary>Resyncs now, as <c>/admin/resync</c> does: to the profile rules, or to <paramref name="url"/> alone
    /// (<c>/admin/resync?URL</c>, a rule: <c>[--key K] URL</c> allowed). The timers restart from the outcome.</summary>
    public async Task<ResyncOutcome> ResyncAsync(string? url = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _resyncDue = null;
        }
        return await RunResyncAsync(url, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scales a provisioning delay by <see cref="PhoneOptions.ProvisioningTimeScale"/>.</summary>
    private TimeSpan Scaled(TimeSpan delay) => delay * Math.Max(0, _fleet.Options.ProvisioningTimeScale);

    private string Flat(string name) => _model.GetFlat(name) ?? "";

    private bool FlatYes(string name) => Flat(name) == "Yes";

    /// <summary>At boot: <c>Resync_On_Reset</c> after a random wait of up to <c>Resync_Random_Delay</c> × 20 s.</summary>
    private void ScheduleBootResync(DateTimeOffset now)
    {
        // Resync_After_Upgrade_Attempt: the phone rebooted into a new image and resyncs as if Resync_On_Reset were Yes.
        var afterUpgrade = _resyncAfterBoot;
        _resyncAfterBoot = false;
        if (!FlatYes("Provision_Enable"))
        {
            _resyncDue = null;
            return;
        }
        if (FlatYes("Resync_On_Reset") || afterUpgrade)
        {
            var units = int.TryParse(Flat("Resync_Random_Delay"), out var n) ? Math.Max(0, n) : 0;
            _resyncDue = now + Scaled(TimeSpan.FromSeconds(_fleet.Random.NextDouble() * units * 20));
        }
        else
        {
            _resyncDue = NextTimedResync(now);
        }
    }

    /// <summary>The next resync after a success: <c>Resync_At__HHmm_</c> (plus up to <c>Resync_At_Random_Delay</c>)
    /// when set, else <c>Resync_Periodic</c> (0 disables).</summary>
    private DateTimeOffset? NextTimedResync(DateTimeOffset now)
    {
        if (DailyResyncTime.TryParse(Flat("Resync_At__HHmm_"), out var daily))
        {
            var spread = int.TryParse(Flat("Resync_At_Random_Delay"), out var s) ? DailyResyncTime.RandomWindow(s) : TimeSpan.Zero;
            var at = daily.Value.NextAfter(now);
            return now + Scaled(at - now + spread * _fleet.Random.NextDouble());
        }
        return ResyncInterval.TryParse(Flat("Resync_Periodic"), out var periodic, out _) && periodic.GetDelay(0, _fleet.Random) is { } delay
            ? now + Scaled(delay)
            : null;
    }

    /// <summary>After a change of a resync setting: the timer restarts from now (unless a resync is running).</summary>
    private void RescheduleResync()
    {
        lock (_lock)
        {
            if (_resyncRunning || _offlineUntil is not null)
            {
                return;
            }
            _resyncDue = FlatYes("Provision_Enable") ? NextTimedResync(_fleet.Time.GetUtcNow()) : null;
        }
        Reschedule();
    }

    /// <summary>Called by the scheduler wake-up under the phone's lock: true when a timed resync is due now.</summary>
    private bool TakeDueResync(DateTimeOffset now)
    {
        if (_resyncDue > now || _resyncDue is null || _resyncRunning)
        {
            return false;
        }
        _resyncDue = null;
        return true;
    }

    private void StartTimedResync()
        => _fleet.Work.Run(TimedResyncAsync, e => Log.SessionCrashed(_fleet.Logger, e, DeviceId));

    /// <summary>A scheduled resync (boot, periodic, daily, retry, after an upgrade attempt): it runs only while
    /// <c>Resync_Trigger_1</c> and <c>_2</c> hold (empty holds); otherwise they are checked again a minute later.
    /// <c>Upgrade_Rule</c> follows the profile rules.</summary>
    private async Task TimedResyncAsync()
    {
        if (!ResyncTriggersHold())
        {
            lock (_lock)
            {
                _resyncDue ??= _fleet.Time.GetUtcNow() + Scaled(TriggerRecheck);
            }
            Reschedule();
            return;
        }
        var outcome = await RunResyncAsync(null, _fleet.Stopping).ConfigureAwait(false);
        if (outcome.Error != ResyncAlreadyRunning)
        {
            await UpgradeAfterResyncAsync(_fleet.Stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Resync_Trigger_1/2 with the macros of now (<c>$UPGTMR</c>, <c>$PRVTMR</c>); a trigger that is not a
    /// condition holds nothing back but is reported.</summary>
    private bool ResyncTriggersHold()
    {
        var macros = Macros();
        foreach (var name in (ReadOnlySpan<string>)["Resync_Trigger_1", "Resync_Trigger_2"])
        {
            try
            {
                if (!Condition.EvaluateTrigger(Flat(name), macros))
                {
                    return false;
                }
            }
            catch (ConditionSyntaxException e)
            {
                _ = DebugAsync(1, $"{name} ignored: {e.Message}");
            }
        }
        return true;
    }

    private async Task<ResyncOutcome> RunResyncAsync(string? url, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_resyncRunning)
            {
                return new ResyncOutcome(false, ResyncAlreadyRunning, [], [], []);
            }
            _resyncRunning = true;
        }
        ResyncOutcome outcome;
        try
        {
            outcome = FlatYes("Provision_Enable")
                ? await ResyncRulesAsync(url is null ? [.. ProfileRules.Select(Flat)] : [url], cancellationToken).ConfigureAwait(false)
                : new ResyncOutcome(false, "provisioning is disabled (Provision_Enable)", [], [], []);
        }
        finally
        {
            lock (_lock)
            {
                _resyncRunning = false;
            }
        }
        var finished = _fleet.Time.GetUtcNow();
        lock (_lock)
        {
            Interlocked.Exchange(ref _lastResyncTicks, finished.UtcTicks);
            if (outcome.Succeeded)
            {
                _resyncFailures = 0;
                _resyncDue = NextTimedResync(finished);
            }
            else if (ResyncInterval.TryParse(Flat("Resync_Error_Retry_Delay"), out var retry, out _) && retry.GetDelay(_resyncFailures, _fleet.Random) is { } delay)
            {
                _resyncFailures++;
                _resyncDue = finished + Scaled(delay);
            }
            else
            {
                // Resync_Error_Retry_Delay 0: no retry; the periodic schedule continues.
                _resyncDue = NextTimedResync(finished);
            }
            if (!FlatYes("Provision_Enable"))
            {
                _resyncDue = null;
            }
        }
        Volatile.Write(ref _lastResync, outcome);
        Interlocked.Increment(ref _resyncsCompleted);
        Log.ResyncDone(_fleet.Logger, DeviceId, outcome.Succeeded, outcome.Error ?? "", outcome.Changed.Count, outcome.Rejected.Count);
        if (_model.DetectChanges())
        {
            // 4 VALUE CHANGE: a notified parameter changed by the profile.
            RequestSession();
        }
        AfterLocalChange();
        return outcome;
    }

    private async Task<ResyncOutcome> ResyncRulesAsync(IReadOnlyList<string> rules, CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        var rejected = new List<string>();
        var urls = new List<string>();
        string? firstError = null;
        foreach (var text in rules)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var macros = Macros();
            var error = await ResyncOneAsync(text, macros, changed, rejected, urls, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                firstError ??= error;
                macros.BuiltIns.Error = error;
                await SyslogAsync("Log_Failure_Msg", macros, severity: 3).ConfigureAwait(false);
            }
        }
        return new ResyncOutcome(firstError is null, firstError, changed, rejected, urls);
    }

    /// <summary>One rule: null on success (or when its condition does not hold), else the error.</summary>
    private async Task<string?> ResyncOneAsync(string text, PhoneMacroContext macros, List<string> changed, List<string> rejected,
        List<string> urls, CancellationToken cancellationToken)
    {
        if (!ProvisioningRule.TryParse(text, out var rule, out var ruleError))
        {
            return $"bad rule: {ruleError.Message}";
        }
        RuleTarget target;
        try
        {
            if (!rule.IsSatisfied(macros))
            {
                return null;
            }
            target = rule.Resolve(macros, DhcpTftpServer());
        }
        catch (FormatException e)
        {
            return $"bad rule: {e.Message}";
        }
        macros.BuiltIns.SetRequest(target.SchemeName, target.Host, target.Host, target.Port, target.Path);
        urls.Add(target.Url);
        await SyslogAsync("Log_Request_Msg", macros, severity: 6).ConfigureAwait(false);
        var fetched = await ProfileFetcher.FetchAsync(target, _fleet.Http, UserAgent, _fleet.Options.ProvisioningTimeout, cancellationToken)
            .ConfigureAwait(false);
        await DebugAsync(1, $"fetch {target.Url}: {(fetched.Succeeded ? $"{fetched.Content!.Length} bytes" : fetched.Error)}").ConfigureAwait(false);
        if (!fetched.Succeeded)
        {
            // Resync_Fails_On_FNF No: a missing file is not a failure, it just changes nothing.
            return fetched.NotFound && !FlatYes("Resync_Fails_On_FNF") ? null : fetched.Error;
        }
        FlatProfile profile;
        try
        {
            var decoded = ProfileCodec.Decode(fetched.Content, target.Key);
            profile = FlatProfileReader.Parse(decoded.Content);
        }
        catch (ProfileCodecException e)
        {
            return $"cannot decode {target.Url}: {e.Message}";
        }
        catch (FlatProfileException e)
        {
            return $"bad profile {target.Url}: {e.Message}";
        }
        var result = _model.ApplyProfile(profile);
        changed.AddRange(result.Changed.Select(c => c.Parameter.Name));
        foreach (var skipped in result.Skipped)
        {
            rejected.Add(skipped.Message);
            await DebugAsync(1, $"{target.Url}: skipped {skipped}").ConfigureAwait(false);
        }
        await SyslogAsync("Log_Success_Msg", macros, severity: 6).ConfigureAwait(false);
        return null;
    }

    /// <summary>The phone's User-Agent for provisioning transfers.</summary>
    public string UserAgent => ProfileFetcher.UserAgent(ProductClass, SoftwareVersion, SerialNumber);

    private HostPort? DhcpTftpServer()
        => _fleet.Options.TftpServer is { } server && HostPort.TryParse(server, out var parsed) ? parsed : null;

    /// <summary>The phone's macros now: identity, timers (<c>$PRVTMR</c>, <c>$UPGTMR</c>) and flat parameters.</summary>
    internal PhoneMacroContext Macros()
    {
        var now = _fleet.Time.GetUtcNow().UtcTicks;
        var builtIns = MacroContext.ForPhone(_fleet.CatalogueModel, null, Mac, SerialNumber, SoftwareVersion);
        builtIns.ProductName = ProductClass;
        builtIns.HardwareVersion = _fleet.Options.HardwareVersion;
        builtIns.ClientCertificateInstalled = _fleet.Options.ClientCertificateFile is not null;
        builtIns.Ip = _fleet.ConnectionRequestBase?.Host.Trim('[', ']') ?? _fleet.Options.ListenAddress;
        builtIns.ProvisioningTimerSeconds = SecondsSince(Interlocked.Read(ref _lastResyncTicks), now);
        builtIns.UpgradeTimerSeconds = SecondsSince(Interlocked.Read(ref _lastUpgradeTicks), now);
        return new PhoneMacroContext(builtIns, _model.GetFlat);
    }

    private long SecondsSince(long ticks, long now)
        => Math.Max(0, (now - (ticks == 0 ? Interlocked.Read(ref _bootTicks) : ticks)) / TimeSpan.TicksPerSecond);
}
