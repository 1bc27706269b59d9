using Microsoft.Extensions.Logging;
using TR069Acs.Agent.Cwmp;
using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent;

public sealed partial class Phone
{
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private bool _sessionQueued;
    private bool _inSession;
    private int _sessionsCompleted;
    private Queue<SessionRecord>? _history;
    private List<(Func<SessionRecord, bool>? Predicate, int After, TaskCompletionSource<SessionRecord> Completion)>? _waiters;

    /// <summary>Sessions ended since the process started, successful or not (the last <see cref="SessionRecord.Number"/>).</summary>
    public int SessionsCompleted => Volatile.Read(ref _sessionsCompleted);

    /// <summary>The most recent sessions, oldest first (<see cref="PhoneOptions.SessionHistory"/> of them).</summary>
    public IReadOnlyList<SessionRecord> RecentSessions
    {
        get
        {
            lock (_lock)
            {
                return _history is null ? [] : [.. _history];
            }
        }
    }

    /// <summary>The last session, or null.</summary>
    public SessionRecord? LastSession
    {
        get
        {
            lock (_lock)
            {
                return _history?.LastOrDefault();
            }
        }
    }

    /// <summary>Queues <paramref name="eventCodes"/> (e.g. <c>2 PERIODIC</c>) and runs a session now, after any session
    /// already running.</summary>
    /// <returns>The session, once it has ended.</returns>
    /// <exception cref="PhoneOfflineException">The phone is rebooting or the fleet has not started.</exception>
    /// <exception cref="InvalidOperationException">TR-069 is off (<c>Enable_TR-069</c> is No).</exception>
    public async Task<SessionRecord> InformAsync(params string[] eventCodes)
    {
        if (!Tr069Enabled)
        {
            throw new InvalidOperationException($"Phone {DeviceId} has TR-069 turned off (Enable_TR-069 is No).");
        }
        lock (_lock)
        {
            foreach (var code in eventCodes)
            {
                _events.Add(new EventStruct(code));
            }
        }
        return await RunSessionAsync(queued: false, _fleet.Stopping).ConfigureAwait(false)
            ?? throw new PhoneOfflineException(DeviceId);
    }

    /// <summary>Waits for a session matching <paramref name="predicate"/> (any session when null) that ends after
    /// session number <paramref name="afterSession"/> — by default, after this call. Pass <see cref="SessionsCompleted"/>
    /// read before triggering the session to close the race with a session that ends quickly.</summary>
    /// <exception cref="TimeoutException">No such session within <paramref name="timeout"/>.</exception>
    public async Task<SessionRecord> WaitForSessionAsync(Func<SessionRecord, bool>? predicate, TimeSpan timeout, int afterSession = -1)
    {
        TaskCompletionSource<SessionRecord> completion;
        lock (_lock)
        {
            var after = afterSession < 0 ? _sessionsCompleted : afterSession;
            if (_history?.FirstOrDefault(r => r.Number > after && (predicate is null || predicate(r))) is { } done)
            {
                return done;
            }
            completion = new TaskCompletionSource<SessionRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            (_waiters ??= []).Add((predicate, after, completion));
        }
        try
        {
            return await completion.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _waiters?.RemoveAll(w => w.Completion == completion);
            }
            throw new TimeoutException($"Phone {DeviceId}: no matching session within {timeout.TotalSeconds:0.#} s; last: {LastSession?.ToString() ?? "none"}");
        }
    }

    /// <summary>Asks for a session as soon as possible. Requests coalesce: while one waits, another adds nothing
    /// (its events are already queued and go with it).</summary>
    internal void RequestSession()
    {
        lock (_lock)
        {
            if (_sessionQueued || _offlineUntil is not null || !Tr069Enabled)
            {
                return;
            }
            _sessionQueued = true;
        }
        _fleet.Work.Run(() => RunSessionAsync(queued: true, _fleet.Stopping),
            e => Log.SessionCrashed(_fleet.Logger, e, DeviceId));
    }

    /// <returns>The session's record; null when the phone went offline before it could start.</returns>
    private async Task<SessionRecord?> RunSessionAsync(bool queued, CancellationToken cancellationToken)
    {
        await _sessionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        SessionRecord record;
        SessionActions actions;
        try
        {
            lock (_lock)
            {
                if (queued)
                {
                    _sessionQueued = false;
                }
                if (_offlineUntil is not null)
                {
                    return null;
                }
            }
            await _fleet.SessionSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var started = _fleet.Time.GetUtcNow();
                PreparedSession prepared;
                lock (_lock)
                {
                    _inSession = true;
                    prepared = PrepareSession(started);
                }
                var handler = new CpeRequestHandler(this);
                // The session's own connection: never shared with another phone, closed when the session ends.
                using var http = _fleet.CreateSessionClient();
                var outcome = await CwmpSessionClient.RunAsync(http, prepared.Plan, handler, _fleet.Options.RequestTimeout, cancellationToken)
                    .ConfigureAwait(false);
                actions = handler.Actions;
                record = CompleteSession(prepared, outcome, started);
            }
            finally
            {
                lock (_lock)
                {
                    _inSession = false;
                }
                _fleet.SessionSlots.Release();
            }
        }
        finally
        {
            _sessionGate.Release();
        }
        if (record.Succeeded)
        {
            Log.SessionCompleted(_fleet.Logger, DeviceId, string.Join(", ", record.Events.Select(e => e.EventCode)), record.AcsRequests.Count);
        }
        else
        {
            Log.SessionFailed(_fleet.Logger, DeviceId, record.Error ?? "unacknowledged TransferComplete", _retryDue ?? default);
        }
        AfterSession(record, actions);
        return record;
    }

    private sealed record PreparedSession(SessionPlan Plan, IReadOnlyList<string> ReportedChanges, IReadOnlyList<TransferCompleteState> Transfers);

    /// <summary>Builds the Inform (under the phone's lock): queued events, the events derived from state (bootstrap,
    /// value changes, transfers), forced and changed parameters, RetryCount.</summary>
    private PreparedSession PrepareSession(DateTimeOffset now)
    {
        var url = AcsUrl;
        if (_bootstrappedUrl != url.ToString())
        {
            // TR-069 3.7.1.5: first contact with this ACS (factory-fresh, reset, or a new ManagementServer.URL).
            _events.Add(new EventStruct(EventCodes.Bootstrap));
        }
        var events = new EventQueue();
        events.Load(_events.Items);
        var parameters = _model.InformParameters(out var changes);
        if (changes.Count > 0)
        {
            events.Add(new EventStruct(EventCodes.ValueChange));
        }
        if (_transferCompletes.Count > 0)
        {
            // TR-069 A.3.3.2: 7 TRANSFER COMPLETE and M Download/M Upload accompany every Inform until the
            // TransferComplete is acknowledged.
            events.Add(new EventStruct(EventCodes.TransferComplete));
            foreach (var transfer in _transferCompletes)
            {
                events.Add(new EventStruct(transfer.Method == "Upload" ? EventCodes.MUpload : EventCodes.MDownload, transfer.CommandKey));
            }
        }
        var inform = new Inform(Identity, [.. events.Items], 1, now, _retryCount, parameters);
        var (username, password) = (_model.GetValue(ManagementServer + "Username") ?? "", _model.GetValue(ManagementServer + "Password") ?? "");
        var userAgent = $"Cisco-{ProductClass}/{SoftwareVersion} ({Mac.ToLowerInvariant()})({SerialNumber})";
        var plan = new SessionPlan(url, _fleet.Options.CwmpVersion, inform, [.. _transferCompletes.Select(t => t.ToMessage())],
            username, password, _fleet.Options.SendBasicAuthUnasked, userAgent);
        return new PreparedSession(plan, changes, [.. _transferCompletes]);
    }

    private SessionRecord CompleteSession(PreparedSession prepared, SessionOutcome outcome, DateTimeOffset started)
    {
        var now = _fleet.Time.GetUtcNow();
        var inform = prepared.Plan.Inform;
        SessionRecord record;
        List<(Func<SessionRecord, bool>? Predicate, int After, TaskCompletionSource<SessionRecord> Completion)>? release = null;
        lock (_lock)
        {
            if (outcome.InformAccepted)
            {
                _events.RemoveDelivered(inform.Events);
                _model.AcknowledgeChanges(prepared.ReportedChanges);
                if (inform.Events.Any(e => e.EventCode == EventCodes.Bootstrap))
                {
                    _bootstrappedUrl = prepared.Plan.AcsUrl.ToString();
                }
            }
            var acknowledged = new List<string>();
            for (var i = 0; i < prepared.Transfers.Count; i++)
            {
                if (outcome.AcknowledgedTransfers.Contains(prepared.Plan.TransferCompletes[i]))
                {
                    _transferCompletes.Remove(prepared.Transfers[i]);
                    acknowledged.Add(prepared.Transfers[i].CommandKey);
                }
            }
            var succeeded = outcome.Completed && acknowledged.Count == prepared.Transfers.Count;
            if (succeeded)
            {
                _retryCount = 0;
                _retryDue = null;
            }
            else
            {
                // TR-069 3.7.1.5: events the ACS has not acknowledged with an InformResponse stay queued (and persisted)
                // and go again in the retry, 6 CONNECTION REQUEST included, with RetryCount counting the attempts.
                _retryCount++;
                _retryDue = now + RetryBackoff.Delay(_retryCount, ModelNumber("CWMPRetryMinimumWaitInterval", 5),
                    ModelNumber("CWMPRetryIntervalMultiplier", 2000), Random.Shared);
            }
            record = new SessionRecord(++_sessionsCompleted, started, now, inform.Events, inform.RetryCount, inform.ParameterList,
                outcome.AcsRequests, acknowledged, succeeded, outcome.Error);
            var history = _history ??= new Queue<SessionRecord>();
            history.Enqueue(record);
            while (history.Count > Math.Max(1, _fleet.Options.SessionHistory))
            {
                history.Dequeue();
            }
            if (_waiters is not null)
            {
                release = _waiters.FindAll(w => record.Number > w.After && (w.Predicate is null || w.Predicate(record)));
                _waiters.RemoveAll(release.Contains);
            }
        }
        foreach (var waiter in release ?? [])
        {
            waiter.Completion.TrySetResult(record);
        }
        return record;
    }

    /// <summary>What follows a session: persisting, the reboot or reset the ACS asked for, a new periodic schedule,
    /// and another session when something new waits (events queued meanwhile, a new ACS URL).</summary>
    private void AfterSession(SessionRecord record, SessionActions actions)
    {
        if (actions.FactoryReset)
        {
            FactoryResetNow();
            return;
        }
        if (actions.Reboot)
        {
            Persist();
            RebootNow();
            return;
        }
        var flatChanges = _model.TakeFlatChanges();
        actions.PeriodicInformChanged |= flatChanges.Any(n => n.StartsWith("Periodic_Inform_", StringComparison.Ordinal));
        OnSettingsChanged(flatChanges);
        bool again;
        lock (_lock)
        {
            if (actions.PeriodicInformChanged)
            {
                _nextPeriodic = NextPeriodicInform(_fleet.Time.GetUtcNow());
            }
            again = record.Succeeded && (_events.Count > 0 || _bootstrappedUrl != AcsUrl.ToString());
        }
        Persist();
        Reschedule();
        if (again)
        {
            RequestSession();
        }
    }

    private double ModelNumber(string name, double fallback)
        => double.TryParse(_model.GetValue(ManagementServer + name), System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
