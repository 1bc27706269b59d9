using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.DataModel;

internal sealed partial class DeviceDataModel
{
    /// <summary>The only AccessList entity TR-069 defines (A.3.2.4).</summary>
    public const string Subscriber = "Subscriber";

    /// <summary>GetParameterAttributes (TR-069 A.3.2.5): parameters and partial paths, like GetParameterValues.</summary>
    public CwmpMessage GetParameterAttributes(GetParameterAttributes request)
    {
        lock (_gate)
        {
            try
            {
                var locations = new List<Location>();
                foreach (var name in request.ParameterNames)
                {
                    Expand(name, locations);
                }
                return new GetParameterAttributesResponse([.. locations.Select(l =>
                    new ParameterAttribute(l.Path, NotificationOf(l), AttributeOf(l)?.AccessList ?? []))]);
            }
            catch (ModelFault fault)
            {
                return fault.ToCwmpFault();
            }
        }
    }

    /// <summary>SetParameterAttributes (TR-069 A.3.2.4), all or nothing. A partial path applies to every parameter below
    /// it. Notification outside 0…2 or an AccessList entry other than "Subscriber" faults 9003; a parameter named
    /// explicitly that refuses the requested notification (forced active, or active denied) faults 9009, while under a
    /// partial path such parameters keep their setting.</summary>
    public CwmpMessage SetParameterAttributes(SetParameterAttributes request)
    {
        lock (_gate)
        {
            var plan = new List<(Location Location, SetParameterAttribute Change)>();
            try
            {
                foreach (var change in request.ParameterList)
                {
                    if (change.NotificationChange && change.Notification is < 0 or > 2)
                    {
                        throw new ModelFault(FaultCodes.CpeInvalidArguments, $"Notification {change.Notification} for '{change.Name}' is not 0, 1 or 2");
                    }
                    if (change.AccessListChange && change.AccessList.FirstOrDefault(e => e != Subscriber) is { } entity)
                    {
                        throw new ModelFault(FaultCodes.CpeInvalidArguments, $"AccessList entity '{entity}' is unknown; only '{Subscriber}' is defined");
                    }
                    var explicitName = change.Name.Length > 0 && change.Name[^1] != '.';
                    foreach (var location in Expand(change.Name, []))
                    {
                        if (change.NotificationChange && !Accepts(location.Node.Parameter!, change.Notification))
                        {
                            if (explicitName)
                            {
                                throw new ModelFault(FaultCodes.NotificationRequestRejected,
                                    $"'{location.Path}' does not accept notification {change.Notification}");
                            }
                            plan.Add((location, change with { NotificationChange = false }));
                            continue;
                        }
                        plan.Add((location, change));
                    }
                }
            }
            catch (ModelFault fault)
            {
                return fault.ToCwmpFault();
            }
            foreach (var (location, change) in plan)
            {
                Apply(location, change);
            }
            return new SetParameterAttributesResponse();
        }
    }

    private static bool Accepts(ParameterDefinition definition, int notification) => definition.Notification switch
    {
        NotificationPolicy.ForcedActive => notification == 2,
        NotificationPolicy.ActiveDenied => notification != 2,
        _ => true,
    };

    private AttributeState? AttributeOf(Location location)
        => _attributes is not null && _attributes.TryGetValue(location.Path, out var state) ? state : null;

    /// <summary>The notification attribute in effect: 0 off, 1 passive, 2 active.</summary>
    private int NotificationOf(Location location)
    {
        var definition = location.Node.Parameter!;
        return definition.Notification == NotificationPolicy.ForcedActive ? 2 : AttributeOf(location)?.Notification ?? definition.DefaultNotification;
    }

    private void Apply(Location location, SetParameterAttribute change)
    {
        var definition = location.Node.Parameter!;
        var before = NotificationOf(location);
        var notification = change.NotificationChange ? change.Notification : before;
        var accessList = change.AccessListChange ? [.. change.AccessList.Distinct(StringComparer.Ordinal)] : AttributeOf(location)?.AccessList ?? [];
        if (notification == definition.DefaultNotification && accessList.Length == 0)
        {
            _attributes?.Remove(location.Path);
        }
        else
        {
            (_attributes ??= new Dictionary<string, AttributeState>(StringComparer.Ordinal))[location.Path] =
                new AttributeState { Notification = notification, AccessList = accessList };
        }
        if (before == 0 && notification != 0)
        {
            // Changes are counted from the moment notification is turned on.
            Remember(location);
        }
        else if (notification == 0)
        {
            _notified?.Remove(location.Path);
            _changed?.Remove(location.Path);
        }
    }
}
