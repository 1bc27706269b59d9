using System.Globalization;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.DataModel;

internal sealed partial class DeviceDataModel
{
    /// <summary>GetParameterNames (TR-069 A.3.2.3). An object path with NextLevel false lists the object itself and
    /// everything below it; with NextLevel true only its children (objects end in "."). The empty path is the root:
    /// NextLevel true gives <c>Device.</c>. A parameter path with NextLevel true is invalid (9003); an unknown one 9005.
    /// An object is writable when it is a table that takes AddObject or an instance that takes DeleteObject.</summary>
    public CwmpMessage GetParameterNames(GetParameterNames request)
    {
        lock (_gate)
        {
            if (!TryResolve(request.ParameterPath, out var location, out var reason))
            {
                return new CwmpFault(FaultCodes.InvalidParameterName, reason);
            }
            var list = new List<ParameterInfo>();
            if (!location.Node.IsObject)
            {
                if (request.NextLevel)
                {
                    return new CwmpFault(FaultCodes.CpeInvalidArguments,
                        $"NextLevel is true but '{request.ParameterPath}' is a parameter, not an object");
                }
                list.Add(new ParameterInfo(location.Path, location.Node.Parameter!.Writable));
                return new GetParameterNamesResponse(list);
            }
            if (request.NextLevel)
            {
                AddChildren(location, list, recurse: false);
            }
            else
            {
                if (location.Path.Length > 0)
                {
                    list.Add(new ParameterInfo(location.Path, IsWritableObject(location.Node)));
                }
                AddChildren(location, list, recurse: true);
            }
            return new GetParameterNamesResponse(list);
        }
    }

    private void AddChildren(Location parent, List<ParameterInfo> list, bool recurse)
    {
        if (parent.Node.Table is { } table)
        {
            foreach (var number in InstancesOf(parent.Path, table))
            {
                var instance = new Location(parent.Node.InstanceNode!, string.Concat(parent.Path, number.ToString(CultureInfo.InvariantCulture), "."));
                list.Add(new ParameterInfo(instance.Path, table.Writable));
                if (recurse)
                {
                    AddChildren(instance, list, recurse);
                }
            }
            return;
        }
        foreach (var child in parent.Node.Children)
        {
            if (child.IsObject)
            {
                var location = new Location(child, string.Concat(parent.Path, child.Name, "."));
                list.Add(new ParameterInfo(location.Path, IsWritableObject(child)));
                if (recurse)
                {
                    AddChildren(location, list, recurse);
                }
            }
            else
            {
                list.Add(new ParameterInfo(parent.Path + child.Name, child.Parameter!.Writable));
            }
        }
    }

    private static bool IsWritableObject(SchemaNode node)
        => node.Table?.Writable ?? (node.IsInstance && node.Parent!.Table!.Writable);
}
