using TR069Acs.Cwmp;

namespace TR069Acs.Agent.DataModel;

internal sealed partial class DeviceDataModel
{
    /// <summary>GetParameterValues (TR-069 A.3.2.2): parameters and partial paths (every parameter below an object);
    /// the empty string is the whole tree. Any unknown name faults the whole request with 9005.</summary>
    public CwmpMessage GetParameterValues(GetParameterValues request)
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
                return new GetParameterValuesResponse(
                    [.. locations.Select(l => new ParameterValue(l.Path, WireValue(l), l.Node.Parameter!.XsdType))]);
            }
            catch (ModelFault fault)
            {
                return fault.ToCwmpFault();
            }
        }
    }

    /// <summary>SetParameterValues (TR-069 A.3.2.1): validates every entry first and applies all of them or none. A
    /// refused entry is listed in the 9003 fault with its own code: 9005 unknown name, 9008 not writable, 9006 wrong
    /// xsi:type, 9007 invalid value. The order of the list has no significance: values that share one flat parameter
    /// (a host and its port) are checked against the state the whole request produces
    /// (<see cref="PlanFlatWrites"/>). On success the ParameterKey takes the request's value.</summary>
    /// <param name="request">The request.</param>
    /// <param name="changed">The parameters whose value changed (empty on a fault).</param>
    public CwmpMessage SetParameterValues(SetParameterValues request, out IReadOnlyList<string> changed)
    {
        changed = [];
        if (request.ParameterKey.Length > 32)
        {
            return new CwmpFault(FaultCodes.CpeInvalidArguments, "ParameterKey is longer than 32 characters");
        }
        lock (_gate)
        {
            var accepted = new List<(Location Location, string Value)>(request.ParameterList.Count);
            var faults = new List<SetParameterValuesFault>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in request.ParameterList)
            {
                if (!seen.Add(parameter.Name))
                {
                    // TR-069 A.3.2.1: a parameter named twice makes the whole request invalid.
                    return new CwmpFault(FaultCodes.CpeInvalidArguments, $"'{parameter.Name}' appears more than once");
                }
                if (Check(parameter, out var location, out var value) is { } fault)
                {
                    faults.Add(fault);
                    continue;
                }
                accepted.Add((location, value));
            }
            var flatWrites = PlanFlatWrites(accepted, faults);
            if (faults.Count > 0)
            {
                return new CwmpFault(FaultCodes.CpeInvalidArguments, "Invalid arguments", faults);
            }

            var before = accepted.ConvertAll(a => RawValue(a.Location));
            foreach (var (location, value) in accepted)
            {
                if (!flatWrites.Paths.Contains(location.Path))
                {
                    Store(location, value);
                }
            }
            foreach (var (parameter, value) in flatWrites.Values)
            {
                SetFlatLocked(parameter, value);
            }
            var changes = new List<string>(accepted.Count);
            for (var i = 0; i < accepted.Count; i++)
            {
                var location = accepted[i].Location;
                if (RawValue(location) != before[i])
                {
                    changes.Add(location.Path);
                }
                // TR-069 A.3.2.4: a change made by the ACS itself is not notified back to it.
                ForgetChange(location);
            }
            Store(new Location(Definition.ParameterKey, _parameterKeyPath), request.ParameterKey);
            changed = changes;
            return new SetParameterValuesResponse(0);
        }
    }

    private SetParameterValuesFault? Check(ParameterValue parameter, out Location location, out string value)
    {
        value = "";
        if (!TryResolve(parameter.Name, out location, out var reason) || location.Node.IsObject)
        {
            return new SetParameterValuesFault(parameter.Name, FaultCodes.InvalidParameterName,
                reason.Length > 0 ? reason : $"'{parameter.Name}' names an object, not a parameter");
        }
        var definition = location.Node.Parameter!;
        if (!definition.Writable)
        {
            return new SetParameterValuesFault(parameter.Name, FaultCodes.NonWritableParameter, $"'{parameter.Name}' is read-only");
        }
        if (!ValueValidator.IsCompatible(definition.Type, parameter.Type))
        {
            return new SetParameterValuesFault(parameter.Name, FaultCodes.InvalidParameterType,
                $"'{parameter.Name}' is {definition.XsdType}, not {parameter.Type}");
        }
        if (!ValueValidator.TryNormalize(definition, parameter.Value, out value, out reason))
        {
            return new SetParameterValuesFault(parameter.Name, FaultCodes.InvalidParameterValue, $"'{parameter.Name}': {reason}");
        }
        return null;
    }
}
