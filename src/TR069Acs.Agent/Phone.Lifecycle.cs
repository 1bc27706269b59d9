using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Fleet;
using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent;

public sealed partial class Phone
{
    private readonly Lock _persistLock = new();
    private long _wakeTicks;

    long IWakeable.WakeTicks
    {
        get => _wakeTicks;
        set => _wakeTicks = value;
    }

    /// <summary>Restores the persisted state (before the first boot). A phone without state is factory-fresh.</summary>
    internal void LoadState()
    {
        var options = _fleet.Options;
        string? problem = null;
        var state = _fleet.Store?.Load(SerialNumber, out problem);
        if (problem is not null)
        {
            Log.StateUnreadable(_fleet.Logger, DeviceId, problem);
        }
        if (state is null)
        {
            return;
        }
        lock (_lock)
        {
            Volatile.Write(ref _softwareVersion, state.SoftwareVersion ?? options.SoftwareVersion);
            _bootstrappedUrl = state.BootstrappedAcsUrl;
            _retryCount = Math.Max(0, state.RetryCount);
            _events.Load(state.Events);
            _transferCompletes.AddRange(state.TransferCompletes);
            _transfers.AddRange(state.Transfers);
            _scheduledInforms.AddRange(state.ScheduledInforms);
        }
        _model.Import(state.Model);
        if (state.ProvisionedAcsUrl != options.AcsUrl.ToString())
        {
            // Started against another ACS than last time: the command line re-provisions ManagementServer.URL.
            _model.SetLocalValue(ManagementServer + "URL", options.AcsUrl.ToString());
        }
    }

    /// <summary>Powers the phone on at <paramref name="due"/>.</summary>
    internal void ScheduleBoot(DateTimeOffset due)
    {
        lock (_lock)
        {
            _offlineUntil = due;
        }
        Reschedule();
    }

    /// <summary>Boot: <c>1 BOOT</c> (and <c>0 BOOTSTRAP</c> when this ACS has not seen the phone), a fresh periodic
    /// schedule, notification of what changed while it was off (a new ConnectionRequestURL, a new SoftwareVersion),
    /// then the boot session.</summary>
    private void Boot()
    {
        var now = _fleet.Time.GetUtcNow();
        lock (_lock)
        {
            _offlineUntil = null;
            Interlocked.Exchange(ref _bootTicks, now.UtcTicks);
            _bootCount++;
            _events.Add(new EventStruct(EventCodes.Boot));
            _nextPeriodic = NextPeriodicInform(now);
            ScheduleBootResync(now);
        }
        _model.DetectChanges();
        Persist();
        RequestSession();
        Reschedule();
    }

    /// <summary>Goes offline for <see cref="PhoneOptions.RebootDuration"/> and boots again (TR-069 A.3.2.9: the
    /// <c>M Reboot</c> event was queued when the ACS asked).</summary>
    private void RebootNow()
    {
        lock (_lock)
        {
            _offlineUntil = _fleet.Time.GetUtcNow() + _fleet.Options.RebootDuration;
        }
        Reschedule();
    }

    /// <summary>FactoryReset (TR-069 A.4.1.1): every setting and undelivered event is gone; the firmware stays. The
    /// phone reboots and bootstraps.</summary>
    private void FactoryResetNow()
    {
        lock (_lock)
        {
            _events.Clear();
            _transferCompletes.Clear();
            _transfers.Clear();
            _scheduledInforms.Clear();
            _bootstrappedUrl = null;
            _retryCount = 0;
            _retryDue = null;
            _resyncDue = null;
            _resyncFailures = 0;
            _upgradeRetryDue = null;
            _upgradeFailures = 0;
            _model.Reset();
        }
        Persist();
        RebootNow();
    }

    void IWakeable.Wake()
    {
        var now = _fleet.Time.GetUtcNow();
        bool offline, boot;
        lock (_lock)
        {
            offline = _offlineUntil is not null;
            boot = _offlineUntil <= now;
        }
        if (offline && !boot)
        {
            Reschedule();   // woken before the boot time by a superseded schedule
            return;
        }
        if (boot)
        {
            Boot();
            return;
        }
        var session = false;
        var resync = false;
        var upgrade = false;
        List<TransferJob>? start = null;
        lock (_lock)
        {
            resync = TakeDueResync(now);
            upgrade = TakeDueUpgrade(now);
            if (_nextPeriodic <= now)
            {
                _events.Add(new EventStruct(EventCodes.Periodic));
                _nextPeriodic = NextPeriodicInform(now);
                session = true;
            }
            foreach (var scheduled in _scheduledInforms.Where(s => s.Due <= now).ToList())
            {
                // TR-069 A.3.2.10: 3 SCHEDULED and M ScheduleInform with the request's CommandKey.
                _scheduledInforms.Remove(scheduled);
                _events.Add(new EventStruct(EventCodes.Scheduled));
                _events.Add(new EventStruct(EventCodes.MScheduleInform, scheduled.CommandKey));
                session = true;
            }
            if (_retryDue <= now)
            {
                _retryDue = null;
                session = true;
            }
            if (!_inSession)
            {
                start = DueTransfers(now);
            }
        }
        foreach (var job in start ?? [])
        {
            _fleet.Work.Run(() => RunTransferAsync(job, _fleet.Stopping), e => Log.SessionCrashed(_fleet.Logger, e, DeviceId));
        }
        if (resync)
        {
            StartTimedResync();
        }
        if (upgrade)
        {
            StartUpgradeRetry();
        }
        if (session)
        {
            RequestSession();
        }
        Reschedule();
    }

    /// <summary>Hands the scheduler the phone's next due time: boot, periodic inform, session retry, scheduled informs,
    /// transfers (not while a session runs: they start after it).</summary>
    private void Reschedule()
    {
        DateTimeOffset? next;
        lock (_lock)
        {
            if (_offlineUntil is { } until)
            {
                next = until == DateTimeOffset.MaxValue ? null : until;
            }
            else
            {
                next = Min(Min(Min(_nextPeriodic, _retryDue), _resyncDue), _upgradeRetryDue);
                foreach (var scheduled in _scheduledInforms)
                {
                    next = Min(next, scheduled.Due);
                }
                if (!_inSession)
                {
                    foreach (var job in _transfers)
                    {
                        if (_runningTransfers?.Contains(job) != true)
                        {
                            next = Min(next, job.Due);
                        }
                    }
                }
            }
        }
        if (next is { } due)
        {
            _fleet.Scheduler.Schedule(this, due);
        }
        else
        {
            _fleet.Scheduler.Cancel(this);
        }
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>The next periodic inform after <paramref name="from"/>, or null when disabled.</summary>
    private DateTimeOffset? NextPeriodicInform(DateTimeOffset from)
    {
        if (_model.GetValue(ManagementServer + "PeriodicInformEnable") != "true"
            || !uint.TryParse(_model.GetValue(ManagementServer + "PeriodicInformInterval"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds == 0)
        {
            return null;
        }
        var time = _model.GetValue(ManagementServer + "PeriodicInformTime");
        DateTimeOffset? reference = time is not null && !ValueValidator.IsUnknownTime(time) && ValueValidator.TryParseTime(time, out var parsed)
            ? parsed
            : null;
        return PeriodicSchedule.Next(from, TimeSpan.FromSeconds(seconds), reference);
    }

    /// <summary>Writes the state file (when the fleet has a state directory). Writes are serialised per phone, so the
    /// file always holds the latest snapshot.</summary>
    internal void Persist()
    {
        if (_fleet.Store is not { } store)
        {
            return;
        }
        lock (_persistLock)
        {
            PhoneState state;
            lock (_lock)
            {
                state = new PhoneState
                {
                    Serial = SerialNumber,
                    SoftwareVersion = SoftwareVersion == _fleet.Options.SoftwareVersion ? null : SoftwareVersion,
                    ProvisionedAcsUrl = _fleet.Options.AcsUrl.ToString(),
                    BootstrappedAcsUrl = _bootstrappedUrl,
                    RetryCount = _retryCount,
                    Events = [.. _events.Items],
                    TransferCompletes = [.. _transferCompletes],
                    Transfers = [.. _transfers],
                    ScheduledInforms = [.. _scheduledInforms],
                    Model = _model.Export(),
                };
            }
            try
            {
                store.Save(state);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.StateNotSaved(_fleet.Logger, e, DeviceId, store.PathFor(SerialNumber));
            }
        }
    }
}
