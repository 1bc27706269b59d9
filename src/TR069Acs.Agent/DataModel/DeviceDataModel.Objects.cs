using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.DataModel;

internal sealed partial class DeviceDataModel
{
    /// <summary>AddObject (TR-069 A.3.2.6): ObjectName is a writable table ending in "."; the new instance takes the next
    /// number never used in that table and default values. 9005 when the name is not a writable table, 9004 when the
    /// table is full. On success the ParameterKey takes the request's value.</summary>
    public CwmpMessage AddObject(AddObject request)
    {
        lock (_gate)
        {
            if (!TryResolve(request.ObjectName, out var location, out var reason) || location.Node.Table is not { } table)
            {
                return new CwmpFault(FaultCodes.InvalidParameterName,
                    reason.Length > 0 ? reason : $"'{request.ObjectName}' is not a multi-instance object");
            }
            if (!table.Writable)
            {
                return new CwmpFault(FaultCodes.InvalidParameterName, $"'{request.ObjectName}' has a fixed number of instances");
            }
            var state = TableFor(location.Path, table);
            if (state.Instances.Count >= table.MaxInstances)
            {
                return new CwmpFault(FaultCodes.CpeResourcesExceeded,
                    $"'{request.ObjectName}' already has the maximum of {table.MaxInstances} instances");
            }
            var number = state.Next++;
            state.Instances.Add(number);
            Store(new Location(Definition.ParameterKey, _parameterKeyPath), request.ParameterKey);
            return new AddObjectResponse(number, 0);
        }
    }

    /// <summary>DeleteObject (TR-069 A.3.2.7): ObjectName is an instance ("…Line.2.") of a writable table; the instance
    /// and everything stored below it disappear. 9005 otherwise. On success the ParameterKey takes the request's value.</summary>
    public CwmpMessage DeleteObject(DeleteObject request)
    {
        lock (_gate)
        {
            if (!TryResolve(request.ObjectName, out var location, out var reason) || !location.Node.IsInstance)
            {
                return new CwmpFault(FaultCodes.InvalidParameterName,
                    reason.Length > 0 ? reason : $"'{request.ObjectName}' is not an instance of a multi-instance object");
            }
            var tableNode = location.Node.Parent!;
            if (!tableNode.Table!.Writable)
            {
                return new CwmpFault(FaultCodes.InvalidParameterName, $"'{request.ObjectName}' cannot be deleted");
            }
            var path = location.Path;
            var tablePath = path[..(path.LastIndexOf('.', path.Length - 2) + 1)];
            var number = uint.Parse(path.AsSpan(tablePath.Length, path.Length - tablePath.Length - 1), System.Globalization.CultureInfo.InvariantCulture);
            TableFor(tablePath, tableNode.Table).Instances.Remove(number);
            RemoveBelow(path);
            Store(new Location(Definition.ParameterKey, _parameterKeyPath), request.ParameterKey);
            return new DeleteObjectResponse(0);
        }
    }

    private TableState TableFor(string tablePath, ObjectDefinition table)
    {
        _tables ??= new Dictionary<string, TableState>(StringComparer.Ordinal);
        if (!_tables.TryGetValue(tablePath, out var state))
        {
            state = new TableState { Instances = [.. InstancesOf(tablePath, table)], Next = (uint)table.DefaultInstances + 1 };
            _tables.Add(tablePath, state);
        }
        return state;
    }

    private void RemoveBelow(string prefix)
    {
        RemoveKeys(_values, prefix);
        RemoveKeys(_attributes, prefix);
        RemoveKeys(_tables, prefix);
        RemoveKeys(_notified, prefix);
        _changed?.RemoveWhere(p => p.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static void RemoveKeys<T>(Dictionary<string, T>? dictionary, string prefix)
    {
        if (dictionary is null)
        {
            return;
        }
        foreach (var key in dictionary.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            dictionary.Remove(key);
        }
    }
}
