using TR069Acs.Cwmp;
using TR069Acs.Provisioning.Catalogue;
using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Agent.DataModel;

internal sealed partial class DeviceDataModel
{
    /// <summary>The flat values one SetParameterValues leaves behind, and the paths that produce them.</summary>
    private sealed record FlatWritePlan(IReadOnlyCollection<string> Paths, IReadOnlyList<KeyValuePair<FlatParameter, string>> Values);

    /// <summary>Works out the flat values of a SetParameterValues as a whole (TR-069 A.3.2.1: the order of the
    /// ParameterList has no significance, and the request is applied as one). Whole-value paths go first, then host
    /// paths, then port paths, each merged into the value the request has produced so far: <c>ProxyServer</c> and
    /// <c>ProxyServerPort</c> (or <c>OutboundProxy</c> and <c>OutboundProxyPort</c>) may come in either order, and a
    /// port merges into a host set by the same request. Two whole values for one flat parameter that disagree are
    /// both refused. A value that cannot be converted adds a 9007 to <paramref name="faults"/>.</summary>
    private FlatWritePlan PlanFlatWrites(List<(Location Location, string Value)> accepted, List<SetParameterValuesFault> faults)
    {
        var entries = new List<(Location Location, string Value, FlatLink Link, FlatParameter Parameter)>();
        foreach (var (location, value) in accepted)
        {
            if (location.Node.Parameter!.Flat is { } link && TryFlatParameter(link, location.Path, out var parameter))
            {
                entries.Add((location, value, link, parameter));
            }
        }
        if (entries.Count == 0)
        {
            return new FlatWritePlan([], []);
        }
        var pending = new Dictionary<int, string>();   // by ordinal: the mapping hands over its own FlatParameter instances
        var wholeFrom = new Dictionary<FlatParameter, (string Path, string Value)>();
        var overlay = new PendingFlatValues(pending, this);
        var order = new List<FlatParameter>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (location, value, link, parameter) in entries.OrderBy(e => Rank(e.Link.Conversion)))
        {
            paths.Add(location.Path);
            if (!ToFlat(link, parameter, value, overlay, out var normalized, out var error))
            {
                faults.Add(new SetParameterValuesFault(location.Path, FaultCodes.InvalidParameterValue, $"'{location.Path}': {error}"));
                continue;
            }
            if (Rank(link.Conversion) == 0)
            {
                if (wholeFrom.TryGetValue(parameter, out var earlier) && earlier.Value != normalized)
                {
                    faults.Add(new SetParameterValuesFault(location.Path, FaultCodes.InvalidParameterValue,
                        $"'{location.Path}' sets {parameter.Name} to '{normalized}', but '{earlier.Path}' in the same request sets it to '{earlier.Value}'"));
                    faults.Add(new SetParameterValuesFault(earlier.Path, FaultCodes.InvalidParameterValue,
                        $"'{earlier.Path}' sets {parameter.Name} to '{earlier.Value}', but '{location.Path}' in the same request sets it to '{normalized}'"));
                    continue;
                }
                wholeFrom[parameter] = (location.Path, normalized);
            }
            if (!pending.ContainsKey(parameter.Ordinal))
            {
                order.Add(parameter);
            }
            pending[parameter.Ordinal] = normalized;
        }
        return new FlatWritePlan(paths, [.. order.Select(p => KeyValuePair.Create(p, pending[p.Ordinal]))]);
    }

    // Whole values first, so that a host or port merges into them; ports last, so that they merge into the host.
    private static int Rank(Tr069Conversion conversion) => conversion switch
    {
        Tr069Conversion.Host => 1,
        Tr069Conversion.Port => 2,
        _ => 0,
    };

    /// <summary>The phone's flat values with a request's pending writes laid over them (the caller holds the lock).</summary>
    private sealed class PendingFlatValues(Dictionary<int, string> pending, DeviceDataModel model) : IFlatValueSource
    {
        public string? GetValue(FlatParameter parameter)
            => pending.TryGetValue(parameter.Ordinal, out var value) ? value : ((IFlatValueSource)model).GetValue(parameter);
    }
}
