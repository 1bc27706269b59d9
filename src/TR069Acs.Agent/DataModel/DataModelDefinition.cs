namespace TR069Acs.Agent.DataModel;

/// <summary>A data model definition: a table of parameters (path, type, access, default, notification) and of
/// multi-instance objects, turned into a tree shared by every phone. Built from data so that the Cisco catalogue
/// (issue 3) can generate it.</summary>
internal sealed class DataModelDefinition
{
    private readonly List<SchemaNode> _forcedInform = [];
    private readonly List<SchemaNode> _defaultNotified = [];

    /// <summary>Builds the tree.</summary>
    /// <param name="parameterKeyPath">The ParameterKey parameter that SetParameterValues, AddObject and DeleteObject
    /// update (TR-069 A.3.2.1).</param>
    /// <param name="tables">Every multi-instance object. A <c>{i}</c> in a path must follow a table defined here.</param>
    /// <param name="parameters">Every parameter, in the order GetParameterNames lists them.</param>
    /// <exception cref="ArgumentException">The definition is inconsistent (a bug in the table, not hostile input).</exception>
    public DataModelDefinition(string parameterKeyPath, IEnumerable<ObjectDefinition> tables, IEnumerable<ParameterDefinition> parameters)
    {
        Root = new SchemaNode("", null);
        foreach (var table in tables)
        {
            if (!table.Path.EndsWith('.'))
            {
                throw new ArgumentException($"Table path '{table.Path}' must end in '.'.", nameof(tables));
            }
            var node = Walk(table.Path[..^1], create: true)!;
            node.Table = table;
            node.InstanceNode = node.GetOrAdd(SchemaNode.InstanceName);
        }
        foreach (var parameter in parameters)
        {
            var node = Walk(parameter.Path, create: true)!;
            if (node.Children.Count > 0 || node.Parameter is not null || node.Table is not null)
            {
                throw new ArgumentException($"'{parameter.Path}' is defined twice or is also an object.", nameof(parameters));
            }
            node.Parameter = parameter;
            if (parameter.ForcedInform)
            {
                _forcedInform.Add(node);
            }
            if (parameter.DefaultNotification != 0 || parameter.Notification == NotificationPolicy.ForcedActive)
            {
                _defaultNotified.Add(node);
            }
        }
        LinkCounters(Root);
        AssignFixedPaths(Root);
        ParameterKey = Walk(parameterKeyPath, create: false) is { Parameter: not null } key
            ? key
            : throw new ArgumentException($"ParameterKey '{parameterKeyPath}' is not defined.", nameof(parameterKeyPath));
    }

    /// <summary>The model's flat parameters that <see cref="FlatLink"/>s name; null for a table without flat parameters.</summary>
    public TR069Acs.Provisioning.Catalogue.ModelParameterSet? Flat { get; init; }

    /// <summary>The root object's name with its dot: <c>Device.</c> or <c>InternetGatewayDevice.</c>.</summary>
    public string RootObject { get; init; } = TR069Acs.Provisioning.Mapping.Tr069Roots.DevicePrefix;

    /// <summary>The ManagementServer object's path with its dot (<c>Device.ManagementServer.</c>): the phone's own TR-069
    /// settings (ACS URL, credentials, periodic inform) are read there.</summary>
    public string ManagementServer { get; init; } = TR069Acs.Provisioning.Mapping.Tr069Roots.DevicePrefix + "ManagementServer.";

    /// <summary>The unnamed node above the root object.</summary>
    public SchemaNode Root { get; }

    /// <summary>The ParameterKey parameter.</summary>
    public SchemaNode ParameterKey { get; }

    /// <summary>Parameters sent in every Inform.</summary>
    public IReadOnlyList<SchemaNode> ForcedInform => _forcedInform;

    /// <summary>Parameters whose notification is on before the ACS sets any attribute.</summary>
    public IReadOnlyList<SchemaNode> DefaultNotified => _defaultNotified;

    /// <summary>The concrete path of a node outside any table (its template path), or null inside one.</summary>
    public static string? FixedPath(SchemaNode node)
    {
        var segments = new Stack<string>();
        for (var n = node; n.Parent is not null; n = n.Parent)
        {
            if (n.IsInstance)
            {
                return null;
            }
            segments.Push(n.Name);
        }
        var path = string.Join('.', segments);
        return node.IsObject ? path + "." : path;
    }

    private SchemaNode? Walk(string path, bool create)
    {
        var node = Root;
        foreach (var segment in path.Split('.'))
        {
            if (segment.Length == 0)
            {
                throw new ArgumentException($"'{path}' has an empty segment.", nameof(path));
            }
            if (segment == SchemaNode.InstanceName)
            {
                node = node.InstanceNode ?? throw new ArgumentException($"'{path}': {{i}} follows an object that is not a defined table.", nameof(path));
                continue;
            }
            if (node.Table is not null)
            {
                throw new ArgumentException($"'{path}': table '{node.Name}' must be followed by {{i}}.", nameof(path));
            }
            var child = create ? node.GetOrAdd(segment) : node.Find(segment);
            if (child is null)
            {
                return null;
            }
            node = child;
        }
        return node;
    }

    private static void AssignFixedPaths(SchemaNode node)
    {
        foreach (var child in node.Children)
        {
            child.FixedPath = FixedPath(child);
            AssignFixedPaths(child);
        }
    }

    private void LinkCounters(SchemaNode node)
    {
        if (node.Table?.NumberOfEntriesParameter is { } counterPath)
        {
            var counter = Walk(counterPath, create: false);
            if (counter?.Parameter is null || counter.Parent != node.Parent || counter.Parameter.Type != ParameterType.UnsignedInt)
            {
                throw new ArgumentException($"'{counterPath}' must be an unsignedInt parameter beside table '{node.Name}'.");
            }
            counter.CountedTable = node;
        }
        foreach (var child in node.Children)
        {
            LinkCounters(child);
        }
    }
}
