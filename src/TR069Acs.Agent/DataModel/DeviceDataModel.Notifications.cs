using TR069Acs.Cwmp;

namespace TR069Acs.Agent.DataModel;

internal sealed partial class DeviceDataModel
{
    private Dictionary<string, string>? _notified;
    private HashSet<string>? _changed;

    /// <summary>True when notified parameters changed since the last Inform that reported them.</summary>
    public bool HasPendingChanges
    {
        get
        {
            lock (_gate)
            {
                return _changed is { Count: > 0 };
            }
        }
    }

    /// <summary>Compares every parameter whose notification is on with the value last seen (TR-069 A.3.2.4). Changes
    /// are kept for the next Inform (<c>4 VALUE CHANGE</c>).</summary>
    /// <returns>True when a parameter with active notification changed: the phone must open a session now.</returns>
    public bool DetectChanges()
    {
        lock (_gate)
        {
            var active = false;
            foreach (var location in NotifiedLocations())
            {
                var value = WireValue(location);
                if (_notified is null || !_notified.TryGetValue(location.Path, out var last))
                {
                    Remember(location);
                    continue;
                }
                if (last == value)
                {
                    continue;
                }
                _notified[location.Path] = value;
                (_changed ??= new HashSet<string>(StringComparer.Ordinal)).Add(location.Path);
                active |= NotificationOf(location) == 2;
            }
            return active;
        }
    }

    /// <summary>The Inform ParameterList: the forced-inform parameters, then every notified parameter that changed
    /// (TR-069 A.3.3.1).</summary>
    /// <param name="reportedChanges">The changed parameters included; pass them to <see cref="AcknowledgeChanges"/>
    /// once the ACS answered the Inform.</param>
    public IReadOnlyList<ParameterValue> InformParameters(out IReadOnlyList<string> reportedChanges)
    {
        lock (_gate)
        {
            var list = new List<ParameterValue>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var forced = new List<Location>();
            foreach (var node in Definition.ForcedInform)
            {
                ExpandTemplate(node, forced);
            }
            var changes = _changed is { Count: > 0 } ? _changed.ToList() : [];
            foreach (var path in changes)
            {
                if (TryResolve(path, out var location, out _) && !location.Node.IsObject)
                {
                    forced.Add(location);
                }
            }
            foreach (var location in forced)
            {
                if (seen.Add(location.Path))
                {
                    list.Add(new ParameterValue(location.Path, WireValue(location), location.Node.Parameter!.XsdType));
                }
            }
            reportedChanges = changes;
            return list;
        }
    }

    /// <summary>Forgets changes the ACS has been told about.</summary>
    public void AcknowledgeChanges(IReadOnlyList<string> delivered)
    {
        lock (_gate)
        {
            foreach (var path in delivered)
            {
                _changed?.Remove(path);
            }
            if (_changed is { Count: 0 })
            {
                _changed = null;
            }
        }
    }

    private List<Location> NotifiedLocations()
    {
        var list = new List<Location>();
        foreach (var node in Definition.DefaultNotified)
        {
            ExpandTemplate(node, list);
        }
        list.RemoveAll(l => NotificationOf(l) == 0);
        if (_attributes is not null)
        {
            foreach (var (path, attributes) in _attributes)
            {
                if (attributes.Notification != 0 && TryResolve(path, out var location, out _) && location.Node.Parameter!.DefaultNotification == 0)
                {
                    list.Add(location);
                }
            }
        }
        return list;
    }

    private void Remember(Location location)
        => (_notified ??= new Dictionary<string, string>(StringComparer.Ordinal))[location.Path] = WireValue(location);

    /// <summary>After the ACS set a value: the new value is the reference, not a change.</summary>
    private void ForgetChange(Location location)
    {
        if (_notified is not null && _notified.ContainsKey(location.Path))
        {
            _notified[location.Path] = WireValue(location);
        }
    }

    /// <summary>Every concrete path of a definition node, across the instances of the tables above it.</summary>
    private void ExpandTemplate(SchemaNode target, List<Location> into)
    {
        if (target.FixedPath is { } path)
        {
            into.Add(new Location(target, path));
            return;
        }
        var chain = new List<SchemaNode>();
        for (var node = target; node.Parent is not null; node = node.Parent)
        {
            chain.Add(node);
        }
        chain.Reverse();
        ExpandChain(chain, 0, "", into);
    }

    private void ExpandChain(List<SchemaNode> chain, int index, string prefix, List<Location> into)
    {
        var node = chain[index];
        if (index == chain.Count - 1)
        {
            into.Add(new Location(node, node.IsObject ? string.Concat(prefix, node.Name, ".") : prefix + node.Name));
            return;
        }
        var path = string.Concat(prefix, node.Name, ".");
        if (node.Table is { } table)
        {
            foreach (var number in InstancesOf(path, table))
            {
                ExpandChain(chain, index + 2, string.Concat(path, number.ToString(System.Globalization.CultureInfo.InvariantCulture), "."), into);
            }
            return;
        }
        ExpandChain(chain, index + 1, path, into);
    }
}
