namespace TR069Acs.Agent.DataModel;

/// <summary>A node of the shared definition tree: an object, a table, a table's instance placeholder (<c>{i}</c>) or a
/// parameter. Per-phone values live elsewhere; the tree is built once and shared by the whole fleet.</summary>
internal sealed class SchemaNode
{
    /// <summary>The name of an instance placeholder node.</summary>
    public const string InstanceName = "{i}";

    private readonly Dictionary<string, SchemaNode> _byName = new(StringComparer.Ordinal);
    private readonly List<SchemaNode> _children = [];

    public SchemaNode(string name, SchemaNode? parent)
    {
        Name = name;
        Parent = parent;
    }

    /// <summary>The path segment: an object or parameter name, or <see cref="InstanceName"/>.</summary>
    public string Name { get; }

    public SchemaNode? Parent { get; }

    /// <summary>Set on parameter nodes (leaves).</summary>
    public ParameterDefinition? Parameter { get; set; }

    /// <summary>Set on table nodes; their only child is <see cref="InstanceNode"/>.</summary>
    public ObjectDefinition? Table { get; set; }

    /// <summary>The <c>{i}</c> child of a table node.</summary>
    public SchemaNode? InstanceNode { get; set; }

    /// <summary>For a <c>…NumberOfEntries</c> parameter: the sibling table it counts.</summary>
    public SchemaNode? CountedTable { get; set; }

    /// <summary>The concrete path of a node outside any table (shared by every phone, so that Informs and
    /// notification bookkeeping do not build the same strings per phone); null inside a table.</summary>
    public string? FixedPath { get; set; }

    /// <summary>Children in definition order (objects and parameters of an object or instance node).</summary>
    public IReadOnlyList<SchemaNode> Children => _children;

    public bool IsObject => Parameter is null;

    public bool IsInstance => Name == InstanceName;

    /// <summary>The child named <paramref name="name"/>, or null.</summary>
    public SchemaNode? Find(ReadOnlySpan<char> name)
        => _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var child) ? child : null;

    public SchemaNode GetOrAdd(string name)
    {
        if (_byName.TryGetValue(name, out var child))
        {
            return child;
        }
        child = new SchemaNode(name, this);
        _byName.Add(name, child);
        _children.Add(child);
        return child;
    }
}
