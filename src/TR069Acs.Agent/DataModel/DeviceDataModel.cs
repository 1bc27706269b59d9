using System.Globalization;
using TR069Acs.Provisioning.Mapping;
using TR069Acs.Agent.State;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.DataModel;

/// <summary>One phone's data model: the shared <see cref="DataModelDefinition"/> plus what differs on this phone
/// (values, attributes, table instances). An idle phone that was never configured holds no dictionaries at all.</summary>
/// <remarks>Every public member is thread-safe: the session, the connection-request listener and tests read it
/// concurrently.</remarks>
internal sealed partial class DeviceDataModel
{
    // DefaultNumbers[n] = [1, 2, …, n]: the instances of a table nobody changed, shared by every phone.
    private static readonly uint[][] DefaultNumbers = [.. Enumerable.Range(0, 33).Select(n => Enumerable.Range(1, n).Select(i => (uint)i).ToArray())];

    private readonly Lock _gate = new();
    private readonly IParameterEnvironment _environment;
    private Dictionary<string, string>? _values;
    private Dictionary<string, AttributeState>? _attributes;
    private Dictionary<string, TableState>? _tables;
    private readonly string _parameterKeyPath;

    public DeviceDataModel(DataModelDefinition definition, IParameterEnvironment environment, Flat.FlatFactory? factory = null)
    {
        Definition = definition;
        _environment = environment;
        _flatFactory = factory ?? (definition.Flat is { } flat ? Flat.FlatFactory.FromCatalogue(flat) : null);
        _mapping = _flatFactory is { } f && PhoneMapping.Load().TryForModel(f.Parameters.Model.Name, out var mapping) ? mapping : null;
        _parameterKeyPath = DataModelDefinition.FixedPath(definition.ParameterKey)!;
    }

    public DataModelDefinition Definition { get; }

    /// <summary>The current ParameterKey (TR-069 A.3.2.1).</summary>
    public string ParameterKey => GetValue(_parameterKeyPath) ?? "";

    /// <summary>The value of a parameter as the phone knows it (passwords included), or null when
    /// <paramref name="path"/> does not name a parameter.</summary>
    public string? GetValue(string path)
    {
        lock (_gate)
        {
            return TryResolve(path, out var location, out _) && !location.Node.IsObject ? RawValue(location) : null;
        }
    }

    /// <summary>Changes a parameter from the phone's side (keypad, web page, flat profile): validated like
    /// SetParameterValues but without the writability check, and reported to the ACS when its notification is on.</summary>
    /// <returns>Null on success, otherwise why the value was refused.</returns>
    public string? SetLocalValue(string path, string value)
    {
        lock (_gate)
        {
            if (!TryResolve(path, out var location, out var reason) || location.Node.Parameter is not { } definition)
            {
                return $"'{path}' is not a parameter";
            }
            if (definition.Dynamic || location.Node.CountedTable is not null)
            {
                return $"'{path}' is computed by the phone";
            }
            if (!ValueValidator.TryNormalize(definition, value, out var normalized, out reason))
            {
                return reason;
            }
            if (FlatCheck(location, normalized) is { } flatProblem)
            {
                return flatProblem;
            }
            Store(location, normalized);
            return null;
        }
    }

    /// <summary>A resolved concrete name: the definition node and the path as the ACS wrote it.</summary>
    private readonly record struct Location(SchemaNode Node, string Path);

    /// <summary>Resolves a parameter name (no trailing ".") or object name (trailing ".") against the definition and this
    /// phone's instances. The empty string is the root.</summary>
    private bool TryResolve(string name, out Location location, out string reason)
    {
        location = default;
        reason = "";
        if (name.Length == 0)
        {
            location = new Location(Definition.Root, "");
            return true;
        }
        var isObject = name[^1] == '.';
        var node = Definition.Root;
        var rest = isObject ? name.AsSpan(0, name.Length - 1) : name.AsSpan();
        var offset = 0;
        foreach (var range in rest.Split('.'))
        {
            var segment = rest[range];
            if (segment.IsEmpty)
            {
                reason = $"'{name}' has an empty path segment";
                return false;
            }
            if (node.Parameter is not null)
            {
                reason = $"'{name[..offset]}' is a parameter, not an object";
                return false;
            }
            if (node.Table is { } table)
            {
                if (!TryParseInstance(segment, out var number) || !InstancesOf(name[..offset], table).Contains(number))
                {
                    reason = $"'{name[..(offset + segment.Length)]}' is not an existing instance";
                    return false;
                }
                node = node.InstanceNode!;
            }
            else
            {
                node = node.Find(segment) ?? null!;
                if (node is null)
                {
                    reason = $"'{name[..(offset + segment.Length)]}' is not in the data model";
                    return false;
                }
            }
            offset += segment.Length + 1;
        }
        if (isObject != node.IsObject)
        {
            reason = isObject ? $"'{name}' names a parameter, not an object" : $"'{name}' names an object; object names end in '.'";
            return false;
        }
        location = new Location(node, name);
        return true;
    }

    // TR-069 3.6.1: instance numbers are decimal, start at 1 and carry no leading zeros.
    private static bool TryParseInstance(ReadOnlySpan<char> segment, out uint number)
    {
        number = 0;
        return segment.Length is > 0 and <= 10 && segment[0] is >= '1' and <= '9'
            && uint.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    /// <summary>The instance numbers of the table at <paramref name="tablePath"/> (ending in ".").</summary>
    private IReadOnlyList<uint> InstancesOf(string tablePath, ObjectDefinition table)
        => _tables is not null && _tables.TryGetValue(tablePath, out var changed)
            ? changed.Instances
            : DefaultNumbers[Math.Min(table.DefaultInstances, DefaultNumbers.Length - 1)];

    /// <summary>Every parameter at or below the object <paramref name="node"/> whose concrete name is <paramref name="path"/>.</summary>
    private void CollectParameters(SchemaNode node, string path, List<Location> into)
    {
        if (node.Table is { } table)
        {
            foreach (var number in InstancesOf(path, table))
            {
                CollectParameters(node.InstanceNode!, string.Concat(path, number.ToString(CultureInfo.InvariantCulture), "."), into);
            }
            return;
        }
        foreach (var child in node.Children)
        {
            if (child.IsObject)
            {
                CollectParameters(child, string.Concat(path, child.Name, "."), into);
            }
            else
            {
                into.Add(new Location(child, path + child.Name));
            }
        }
    }

    /// <summary>Parameters named by a GetParameterValues/GetParameterAttributes entry: the parameter, or every parameter
    /// under an object name (TR-069 A.3.2.2 partial path).</summary>
    private List<Location> Expand(string name, List<Location> into)
    {
        if (!TryResolve(name, out var location, out var reason))
        {
            throw new ModelFault(FaultCodes.InvalidParameterName, reason);
        }
        if (location.Node.IsObject)
        {
            CollectParameters(location.Node, location.Path, into);
        }
        else
        {
            into.Add(location);
        }
        return into;
    }

    /// <summary>The value as the phone holds it.</summary>
    private string RawValue(Location location)
    {
        var node = location.Node;
        var definition = node.Parameter!;
        if (definition.Flat is { } link && TryFlatParameter(link, location.Path, out var flat))
        {
            return FlatRead(link, flat);
        }
        if (node.CountedTable is { } counted)
        {
            var tablePath = string.Concat(location.Path.AsSpan(0, location.Path.LastIndexOf('.') + 1), counted.Name, ".");
            return InstancesOf(tablePath, counted.Table!).Count.ToString(CultureInfo.InvariantCulture);
        }
        if (definition.Dynamic)
        {
            return _environment.Resolve(definition.Default);
        }
        if (_values is not null && _values.TryGetValue(location.Path, out var value))
        {
            return value;
        }
        return DefaultValue(definition);
    }

    /// <summary>The value as the ACS sees it: passwords read as the empty string (TR-069 A.3.2.2).</summary>
    private string WireValue(Location location) => location.Node.Parameter!.Secret ? "" : RawValue(location);

    private string DefaultValue(ParameterDefinition definition)
        => definition.Default.StartsWith('$') ? _environment.Resolve(definition.Default) : definition.Default;

    /// <summary>Stores a value, keeping nothing when it equals the default.</summary>
    private void Store(Location location, string value)
    {
        if (location.Node.Parameter!.Flat is { } link && TryFlatParameter(link, location.Path, out var flat))
        {
            FlatWrite(link, flat, value);
            return;
        }
        if (value == DefaultValue(location.Node.Parameter!))
        {
            _values?.Remove(location.Path);
            return;
        }
        (_values ??= new Dictionary<string, string>(StringComparer.Ordinal))[location.Path] = value;
    }
}
