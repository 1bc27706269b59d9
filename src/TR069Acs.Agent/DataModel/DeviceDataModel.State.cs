using TR069Acs.Agent.State;

namespace TR069Acs.Agent.DataModel;

internal sealed partial class DeviceDataModel
{
    /// <summary>A copy of what differs from the definition, for persisting.</summary>
    public DataModelState Export()
    {
        lock (_gate)
        {
            return new DataModelState
            {
                Values = _values is { Count: > 0 } ? new Dictionary<string, string>(_values, StringComparer.Ordinal) : null,
                Attributes = _attributes is { Count: > 0 }
                    ? _attributes.ToDictionary(kv => kv.Key, kv => new AttributeState { Notification = kv.Value.Notification, AccessList = kv.Value.AccessList }, StringComparer.Ordinal)
                    : null,
                Tables = _tables is { Count: > 0 }
                    ? _tables.ToDictionary(kv => kv.Key, kv => new TableState { Instances = [.. kv.Value.Instances], Next = kv.Value.Next }, StringComparer.Ordinal)
                    : null,
                Notified = _notified is { Count: > 0 } ? new Dictionary<string, string>(_notified, StringComparer.Ordinal) : null,
                Changed = _changed is { Count: > 0 } ? [.. _changed] : null,
                Flat = ExportFlat(),
            };
        }
    }

    /// <summary>Replaces this phone's values with persisted ones. Entries the definition no longer knows are dropped
    /// (the model of a newer or older firmware may differ).</summary>
    public void Import(DataModelState state)
    {
        lock (_gate)
        {
            ResetLocked();
            if (state.Tables is not null)
            {
                _tables = new Dictionary<string, TableState>(StringComparer.Ordinal);
                // Outer tables first, so that an inner table's path resolves against the restored outer instances.
                foreach (var (path, table) in state.Tables.OrderBy(kv => kv.Key.Length))
                {
                    if (TryResolve(path, out var location, out _) && location.Node.Table is { } definition)
                    {
                        var instances = table.Instances.Where(n => n > 0).Distinct().Order().Take(definition.MaxInstances).ToList();
                        _tables[path] = new TableState { Instances = instances, Next = Math.Max(table.Next, instances.LastOrDefault() + 1) };
                    }
                }
            }
            ImportFlat(state.Flat);
            foreach (var (path, value) in state.Values ?? [])
            {
                if (TryResolve(path, out var location, out _) && location.Node.Parameter is { Dynamic: false } && location.Node.CountedTable is null)
                {
                    Store(location, value);
                }
            }
            foreach (var (path, attributes) in state.Attributes ?? [])
            {
                if (TryResolve(path, out var location, out _) && !location.Node.IsObject && attributes.Notification is >= 0 and <= 2)
                {
                    (_attributes ??= new Dictionary<string, AttributeState>(StringComparer.Ordinal))[path] = attributes;
                }
            }
            _notified = state.Notified is { Count: > 0 } ? new Dictionary<string, string>(state.Notified, StringComparer.Ordinal) : null;
            _changed = state.Changed is { Count: > 0 } ? new HashSet<string>(state.Changed, StringComparer.Ordinal) : null;
        }
    }

    /// <summary>Back to factory values (FactoryReset).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            ResetLocked();
        }
    }

    private void ResetLocked()
    {
        _values = null;
        _flatValues = null;
        _attributes = null;
        _tables = null;
        _notified = null;
        _changed = null;
    }
}
