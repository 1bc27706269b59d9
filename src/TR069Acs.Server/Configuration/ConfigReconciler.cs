using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using TR069Acs.Cwmp;
using TR069Acs.Server.Storage;
using TR069Acs.Server.Tasks;

namespace TR069Acs.Server.Configuration;

/// <summary>
/// Desired state, reconciled (issue 15 §1). A phone's effective configuration (global → model → tag → device) is its
/// desired state. In a session with <c>0 BOOTSTRAP</c> or <c>1 BOOT</c>, and at least once per
/// <see cref="ConfigOptions.ReconcileInterval"/>, the desired values are compared with what the ACS knows the phone
/// holds (<see cref="PhoneConfigStateStore"/>) and the difference is queued as SetParameterValues that the same session
/// sends; a value the phone reports that differs from its desired one (an Inform's <c>4 VALUE CHANGE</c>, a
/// GetParameterValues answer) is drift, put back or only reported as the scopes' <see cref="DriftMode"/> says.
/// </summary>
/// <remarks>
/// What the ACS knows: values from Informs, GetParameterValues answers, and every SetParameterValues the phone accepted.
/// Nothing is sent twice: a value the phone is known to hold, or that a queued SetParameterValues already carries, is
/// left out. A secret reads back empty, so what the ACS last set successfully (stored protected) stands for it.
/// A <c>0 BOOTSTRAP</c> means factory values: everything known of the phone is forgotten and the whole desired state
/// goes out. Sessions with nothing of this kind do not reach the database (the due time of the periodic reconciliation
/// is remembered in memory).
/// </remarks>
internal sealed partial class ConfigReconciler(
    ConfigService config,
    PhoneConfigStateStore states,
    PhoneValuePaths paths,
    TaskStore tasks,
    PendingTaskIndex pending,
    AcsOptions options,
    TimeProvider time,
    ILogger<ConfigReconciler> logger) : IDisposable
{
    /// <summary>The ParameterKey of the SetParameterValues the reconciliation queues (the phone reports it back in
    /// <c>ManagementServer.ParameterKey</c>).</summary>
    public const string ParameterKey = "desired-state";

    // Devices whose next periodic reconciliation time is remembered (a device id and a long: ~150 bytes each).
    private const int RememberedDevices = 200_000;

    private readonly MemoryCache _due = new(new MemoryCacheOptions
    {
        SizeLimit = RememberedDevices,
        ExpirationScanFrequency = TimeSpan.FromMinutes(1),
    });

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    private long IntervalMs => (long)Math.Max(1, options.Config.ReconcileInterval.TotalMilliseconds);

    /// <summary>At the start of the session's ACS requests: reconciles the desired state when the session is a boot, a
    /// bootstrap or the periodic reconciliation is due, and handles drift in the Inform's changed values. Returns how
    /// many SetParameterValues were queued (the device is then in the pending index).</summary>
    public async Task<int> OnSessionAsync(PhoneSessionFacts facts, CancellationToken cancellationToken)
    {
        var now = NowMs;
        var full = facts.Bootstrap || facts.Boot || await IsDueAsync(facts.DeviceId, now, cancellationToken);
        var observed = Observed(facts, facts.ChangedValues, withSecrets: false);
        if (!full && observed.Count == 0)
        {
            return 0;
        }
        var device = facts.Device;
        var effective = await config.EffectiveForDeviceAsync(device, cancellationToken);
        var desired = Desired(device, effective);
        if (!full && !observed.Keys.Any(desired.ContainsKey))
        {
            return 0;
        }

        if (facts.Bootstrap)
        {
            // TR-069 3.7.1.5: 0 BOOTSTRAP is a phone new to this ACS or reset to factory values: what was known is gone.
            await states.ForgetAsync(facts.DeviceId, cancellationToken);
        }
        if (desired.Count == 0)
        {
            // Nothing configured for the phone (yet): a boot costs one write, the time of this reconciliation.
            await states.MarkReconciledAsync(facts.DeviceId, now, cancellationToken);
            RememberDue(facts.DeviceId, now + IntervalMs);
            return 0;
        }
        var known = facts.Bootstrap ? new Dictionary<string, PhoneConfigState>(StringComparer.Ordinal) : await states.GetAsync(facts.DeviceId, cancellationToken);
        var mode = DriftModes.Of(effective);
        // A bootstrap Inform shows factory values: different from the desired ones, but not changed on the phone.
        var drifted = await ObserveAsync(facts, known, desired, observed, PhoneValueOrigin.Inform, drift: !facts.Bootstrap, mode, now, cancellationToken);

        IEnumerable<string> names = full ? desired.Keys : drifted;
        var queued = await QueueAsync(facts, known, desired, names, mode, now, cancellationToken);
        if (full)
        {
            await states.MarkReconciledAsync(facts.DeviceId, now, cancellationToken);
            RememberDue(facts.DeviceId, now + IntervalMs);
            Log.Reconciled(logger, facts.DeviceId, facts.Bootstrap ? "0 BOOTSTRAP" : facts.Boot ? "1 BOOT" : "periodic", desired.Count, queued.Values, queued.Tasks);
        }
        return queued.Tasks;
    }

    /// <summary>After the phone answered a task: a SetParameterValues it accepted tells what it now holds; a
    /// GetParameterValues answer may show drift, which is put back in this session when the mode is enforce. Returns how
    /// many SetParameterValues were queued.</summary>
    public async Task<int> OnAnswerAsync(PhoneSessionFacts facts, string taskType, IReadOnlyList<ParameterValue> values, CancellationToken cancellationToken)
    {
        var set = taskType == "setParameterValues";
        if (!set && taskType != "getParameterValues")
        {
            return 0;
        }
        var observed = Observed(facts, values, withSecrets: set);
        if (observed.Count == 0)
        {
            return 0;
        }
        var device = facts.Device;
        var effective = await config.EffectiveForDeviceAsync(device, cancellationToken);
        var desired = Desired(device, effective);
        if (!observed.Keys.Any(desired.ContainsKey))
        {
            return 0;
        }
        var now = NowMs;
        var known = await states.GetAsync(facts.DeviceId, cancellationToken);
        var mode = DriftModes.Of(effective);
        var drifted = await ObserveAsync(facts, known, desired, observed, set ? PhoneValueOrigin.Set : PhoneValueOrigin.Read, drift: !set, mode, now, cancellationToken);
        return drifted.Count == 0 ? 0 : (await QueueAsync(facts, known, desired, drifted, mode, now, cancellationToken)).Tasks;
    }

    /// <summary>Where each desired value of a device stands on it (for <c>GET /api/devices/{id}/config</c>).</summary>
    public async Task<Dictionary<string, ValueStatus>> StatusAsync(DeviceRow device, EffectiveConfig effective, CancellationToken cancellationToken)
    {
        var known = await states.GetAsync(device.Id, cancellationToken);
        var result = new Dictionary<string, ValueStatus>(StringComparer.Ordinal);
        foreach (var (name, value) in effective.Values)
        {
            var target = Files.ProfileTemplate.TryRenderForDevice(value.Value, device, out var rendered) ? rendered : null;
            if (!known.TryGetValue(name, out var state) || target is null)
            {
                result[name] = new ValueStatus(ConfigValueStatus.Pending, null, null);
            }
            else if (state.Value == target)
            {
                result[name] = new ValueStatus(ConfigValueStatus.Confirmed, state.Seen, null);
            }
            else if (state.Drifted)
            {
                result[name] = new ValueStatus(ConfigValueStatus.Drifted, state.Confirmed > 0 ? state.Confirmed : null, state);
            }
            else
            {
                result[name] = new ValueStatus(ConfigValueStatus.Pending, null, null);
            }
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _due.Dispose();

    // The desired flat values the ACS can set over TR-069: rendered for the device (a value that needs a profile
    // request's variables is left to the phone's resync), the phone's own credentials left to the session binding.
    private Dictionary<string, string> Desired(DeviceRow device, EffectiveConfig effective)
    {
        var desired = new Dictionary<string, string>(effective.Values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in effective.Values)
        {
            if (!paths.IsOwnCredential(device.ProductClass, name) && Files.ProfileTemplate.TryRenderForDevice(value.Value, device, out var rendered))
            {
                desired[name] = rendered;
            }
        }
        return desired;
    }

    private Dictionary<string, string> Observed(PhoneSessionFacts facts, IReadOnlyList<ParameterValue> values, bool withSecrets)
    {
        Dictionary<string, string>? observed = null;
        foreach (var value in values)
        {
            if (paths.TryFlat(facts.Identity.ProductClass, value, withSecrets, out var name, out var flat))
            {
                (observed ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = flat;
            }
        }
        return observed ?? _none;
    }

    private static readonly Dictionary<string, string> _none = new(StringComparer.Ordinal);

    // Records what the phone holds of its desired values; returns the names it holds another value of (drift).
    private async Task<List<string>> ObserveAsync(PhoneSessionFacts facts, Dictionary<string, PhoneConfigState> known,
        Dictionary<string, string> desired, Dictionary<string, string> observed, string origin, bool drift, DriftMode mode, long now,
        CancellationToken cancellationToken)
    {
        var writes = new List<PhoneConfigState>();
        var drifted = new List<string>();
        foreach (var (name, value) in observed)
        {
            if (!desired.TryGetValue(name, out var target))
            {
                continue;
            }
            var matches = value == target;
            var isDrift = drift && !matches;
            if (known.TryGetValue(name, out var before) && before.Value == value && before.Drifted == isDrift && !matches)
            {
                // Drift already recorded (and reported): the same value reported again changes nothing.
                drifted.Add(name);
                continue;
            }
            var state = new PhoneConfigState
            {
                Name = name,
                Value = value,
                Origin = origin,
                Drifted = isDrift,
                Seen = now,
                Confirmed = matches ? now : before?.Confirmed ?? 0,
            };
            known[name] = state;
            writes.Add(state);
            if (isDrift)
            {
                drifted.Add(name);
                Log.Drift(logger, facts.DeviceId, name, origin, DriftModes.Name(mode));
            }
        }
        await states.WriteAsync(facts.DeviceId, writes, cancellationToken);
        return drifted;
    }

    private async Task<(int Tasks, int Values)> QueueAsync(PhoneSessionFacts facts, Dictionary<string, PhoneConfigState> known,
        Dictionary<string, string> desired, IEnumerable<string> names, DriftMode mode, long now, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? inFlight = null;
        var send = new List<ParameterValue>();
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var target = desired[name];
            if (known.TryGetValue(name, out var state) && (state.Value == target || (state.Drifted && mode == DriftMode.Report)))
            {
                continue;   // the phone has it, or its own value stands (report)
            }
            inFlight ??= await InFlightAsync(facts, cancellationToken);
            if (inFlight.TryGetValue(name, out var queued) && queued == target)
            {
                continue;   // a queued SetParameterValues (a configuration change, an earlier reconciliation) carries it
            }
            if (paths.SetPath(facts.Identity.ProductClass, facts.Root, name) is { } path)
            {
                send.Add(new ParameterValue(path, target, "xsd:string"));
            }
        }
        if (send.Count == 0)
        {
            return (0, 0);
        }
        var batches = SetBatches.Split(send);
        var expires = now + options.TaskDefaultExpirySeconds * 1000L;
        foreach (var batch in batches)
        {
            var payload = new JsonObject
            {
                ["parameterValues"] = new JsonArray([.. batch.Select(v => (JsonNode?)new JsonObject
                {
                    ["name"] = v.Name,
                    ["value"] = v.Value,
                    ["type"] = v.Type,
                })]),
                ["parameterKey"] = ParameterKey,
            };
            await tasks.InsertAsync(new TaskStore.NewTask(facts.DeviceId, "setParameterValues", payload.ToJsonString(), now, expires, null), cancellationToken);
        }
        pending.Add(facts.DeviceId);
        return (batches.Count, send.Count);
    }

    // The flat values the device's queued SetParameterValues carry (the last one queued wins, as it runs last).
    private async Task<Dictionary<string, string>> InFlightAsync(PhoneSessionFacts facts, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in await tasks.QueuedPayloadsAsync(facts.DeviceId, "setParameterValues", cancellationToken))
        {
            if (JsonNode.Parse(text) is not JsonObject { } payload || payload["parameterValues"] is not JsonArray values)
            {
                continue;
            }
            foreach (var item in values.OfType<JsonObject>())
            {
                var value = new ParameterValue((string?)item["name"] ?? "", (string?)item["value"] ?? "", "xsd:string");
                if (paths.TryFlat(facts.Identity.ProductClass, value, withSecrets: true, out var name, out var flat))
                {
                    result[name] = flat;
                }
            }
        }
        return result;
    }

    private async Task<bool> IsDueAsync(string deviceId, long now, CancellationToken cancellationToken)
    {
        if (!_due.TryGetValue(deviceId, out long due))
        {
            due = (await states.ReconciledAsync(deviceId, cancellationToken) ?? long.MinValue / 2) + IntervalMs;
            RememberDue(deviceId, due);
        }
        return now >= due;
    }

    private void RememberDue(string deviceId, long due)
        // Read again after an hour at most: another node sharing the database may have reconciled the device since.
        => _due.Set(deviceId, due, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) });

    /// <summary>Where one desired value stands: <see cref="ConfigValueStatus"/>, when the phone was last seen holding its
    /// desired value, and for drift, what it holds instead.</summary>
    public sealed record ValueStatus(string Status, long? Confirmed, PhoneConfigState? Phone);

    private static partial class Log
    {
        [LoggerMessage(62, LogLevel.Information, "Desired state of {DeviceId} reconciled ({Trigger}): {Desired} configured values, {Values} to set in {Tasks} SetParameterValues")]
        public static partial void Reconciled(ILogger logger, string deviceId, string trigger, int desired, int values, int tasks);

        [LoggerMessage(63, LogLevel.Information, "{DeviceId} holds a value of {Name} other than its desired one (seen in its {Origin}); drift mode {Mode}")]
        public static partial void Drift(ILogger logger, string deviceId, string name, string origin, string mode);
    }
}
