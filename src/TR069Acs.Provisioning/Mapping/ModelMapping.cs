using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Mapping;

/// <summary>
/// The TR-069 view of one model's flat parameters (DESIGN §7): every standard path of the catalogue under both
/// <c>Device.</c> and <c>InternetGatewayDevice.</c>, extension n at <c>VoiceProfile.{n}.Line.1</c>, and
/// <c>X_CISCO_COM_FlatProfile.&lt;FlatName&gt;</c> for every flat parameter. Built once per model and shared;
/// resolving a path or flat name is a single frozen-dictionary probe.
/// </summary>
public sealed partial class ModelMapping
{
    private readonly FrozenDictionary<string, MappedPath> _byPath;
    private readonly MappedPath[][] _paths;             // [root][i]
    private readonly MappedPath[][][] _byParameter;     // [root][ordinal][i], the flat profile path last
    private readonly MappedPath[][][] _dependents;      // [root][ordinal][i]: own paths and fallback readers
    private readonly MappedPath[][] _canonical;         // [root][ordinal]
    private readonly string[][] _objects;               // [root][i]

    internal ModelMapping(ModelParameterSet parameters)
    {
        Parameters = parameters;
        var all = new Dictionary<string, MappedPath>(StringComparer.Ordinal);
        _paths = new MappedPath[2][];
        _byParameter = new MappedPath[2][][];
        _dependents = new MappedPath[2][][];
        _canonical = new MappedPath[2][];
        _objects = new string[2][];
        foreach (var root in (ReadOnlySpan<Tr069Root>)[Tr069Root.Device, Tr069Root.InternetGatewayDevice])
        {
            var prefix = Tr069Roots.Prefix(root);
            var standard = new List<MappedPath>();
            var flat = new List<MappedPath>();
            var perParameter = new MappedPath[parameters.Count][];
            var canonical = new MappedPath[parameters.Count];
            foreach (var parameter in parameters.Parameters)
            {
                var own = new List<MappedPath>(3);
                foreach (var binding in parameter.Definition.Tr069)
                {
                    var fallback = binding.ReadFallback is { } template
                        ? parameters.Get(parameter.Definition.IsPerLine ? Rename(template, parameter.Line) : template)
                        : null;
                    var mapped = new MappedPath(prefix + binding.PathFor(parameter.Line), root, parameter, binding, fallback);
                    own.Add(mapped);
                    standard.Add(mapped);
                    if (canonical[parameter.Ordinal] is null && binding.CarriesWholeValue)
                    {
                        canonical[parameter.Ordinal] = mapped;
                    }
                }

                var flatPath = new MappedPath(prefix + Tr069Roots.FlatProfileObject + parameter.Name, root, parameter, null, null);
                own.Add(flatPath);
                flat.Add(flatPath);
                canonical[parameter.Ordinal] ??= flatPath;
                perParameter[parameter.Ordinal] = [.. own];
            }

            MappedPath[] ordered = [.. standard, .. flat];
            foreach (var mapped in ordered)
            {
                if (!all.TryAdd(mapped.Path, mapped))
                {
                    throw new CatalogueException($"{mapped.Path} is mapped twice ({all[mapped.Path].Parameter.Name} and {mapped.Parameter.Name})");
                }
            }

            var readers = standard.Where(p => p.ReadFallback is not null).ToLookup(p => p.ReadFallback!.Ordinal);
            var index = (int)root;
            _paths[index] = ordered;
            _byParameter[index] = perParameter;
            _dependents[index] = [.. perParameter.Select((own, ordinal) => readers.Contains(ordinal) ? [.. own, .. readers[ordinal]] : own)];
            _canonical[index] = canonical;
            _objects[index] = ObjectPaths(ordered);
        }

        _byPath = all.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The model's flat parameters.</summary>
    public ModelParameterSet Parameters { get; }

    /// <summary>The model.</summary>
    public PhoneModel Model => Parameters.Model;

    /// <summary>Finds a full TR-069 parameter path (either root).</summary>
    public bool TryGetPath(string path, [NotNullWhen(true)] out MappedPath? mapped)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _byPath.TryGetValue(path, out mapped);
    }

    /// <summary>
    /// Resolves a TR-069 path or a flat name. A flat name resolves to its canonical path under
    /// <paramref name="root"/>: the standard path that carries the whole value, else its
    /// <c>X_CISCO_COM_FlatProfile</c> path.
    /// </summary>
    public bool TryResolve(string nameOrPath, [NotNullWhen(true)] out ResolvedName? resolved, Tr069Root root = Tr069Root.Device)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (_byPath.TryGetValue(nameOrPath, out var mapped))
        {
            resolved = new ResolvedName(nameOrPath, mapped, InputWasFlatName: false);
            return true;
        }

        if (Parameters.TryGet(nameOrPath, out var parameter))
        {
            resolved = new ResolvedName(nameOrPath, GetCanonicalPath(parameter, root), InputWasFlatName: true);
            return true;
        }

        resolved = null;
        return false;
    }

    /// <summary>Why <paramref name="nameOrPath"/> does not resolve, phrased for an operator.</summary>
    public string DescribeUnknown(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (Tr069Roots.TryGetRoot(nameOrPath, out var root))
        {
            var flatPrefix = Tr069Roots.Prefix(root) + Tr069Roots.FlatProfileObject;
            return nameOrPath.StartsWith(flatPrefix, StringComparison.Ordinal)
                ? Parameters.DescribeUnknown(nameOrPath[flatPrefix.Length..])
                : $"{nameOrPath}: not a parameter of {Model.Name}";
        }

        return Parameters.DescribeUnknown(nameOrPath);
    }

    /// <summary>The path that stands for <paramref name="parameter"/> under <paramref name="root"/>.</summary>
    public MappedPath GetCanonicalPath(FlatParameter parameter, Tr069Root root = Tr069Root.Device) =>
        _canonical[(int)root][Check(parameter).Ordinal];

    /// <summary>The <c>X_CISCO_COM_FlatProfile</c> path of <paramref name="parameter"/>.</summary>
    public MappedPath GetFlatProfilePath(FlatParameter parameter, Tr069Root root = Tr069Root.Device) =>
        _byParameter[(int)root][Check(parameter).Ordinal][^1];

    /// <summary>Every path under <paramref name="root"/>: the standard ones first, then the flat profile object.</summary>
    public IReadOnlyList<MappedPath> GetPaths(Tr069Root root = Tr069Root.Device) => _paths[(int)root];

    /// <summary>
    /// The paths whose value depends on <paramref name="parameter"/> (for "4 VALUE CHANGE"): its own paths and the
    /// paths that read it as a fallback.
    /// </summary>
    public IReadOnlyList<MappedPath> GetPathsOf(FlatParameter parameter, Tr069Root root = Tr069Root.Device) =>
        _dependents[(int)root][Check(parameter).Ordinal];

    /// <summary>
    /// Every object path (ending in a dot) above the mapped parameters, parents first:
    /// <c>Device.</c>, <c>Device.Services.</c> … <c>Device.X_CISCO_COM_FlatProfile.</c>; for GetParameterNames.
    /// </summary>
    public IReadOnlyList<string> GetObjectPaths(Tr069Root root = Tr069Root.Device) => _objects[(int)root];

    private FlatParameter Check(FlatParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!Parameters.TryGet(parameter.Name, out var own) || !ReferenceEquals(own, parameter))
        {
            throw new ArgumentException($"{parameter.Name} is not a parameter of {Model.Name}", nameof(parameter));
        }

        return parameter;
    }

    private static string Rename(string template, int line) =>
        string.Concat(template.AsSpan(0, template.Length - 2), line.ToString(System.Globalization.CultureInfo.InvariantCulture), "_");

    private static string[] ObjectPaths(IEnumerable<MappedPath> paths)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        foreach (var mapped in paths)
        {
            var path = mapped.Path;
            for (var dot = path.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = path.IndexOf('.', dot + 1))
            {
                var prefix = path[..(dot + 1)];
                if (seen.Add(prefix))
                {
                    ordered.Add(prefix);
                }
            }
        }

        return [.. ordered];
    }
}
