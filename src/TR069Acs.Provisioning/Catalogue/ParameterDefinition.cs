using TR069Acs.Provisioning.Mapping;

namespace TR069Acs.Provisioning.Catalogue;

/// <summary>
/// One entry of <c>catalogue.json</c>: a flat parameter, or for names ending in <c>_n_</c> the template of one
/// parameter per extension (<c>User_ID_n_</c> → <c>User_ID_1_</c> … <c>User_ID_10_</c>).
/// </summary>
public sealed class ParameterDefinition
{
    internal const string LineSuffix = "_n_";

    internal ParameterDefinition(
        string name,
        string tab,
        string section,
        ValueRule rule,
        string defaultValue,
        int defaultStep,
        bool sensitive,
        UserAccess access,
        string? description,
        IReadOnlyList<Tr069Binding> tr069)
    {
        Name = name;
        IsPerLine = name.EndsWith(LineSuffix, StringComparison.Ordinal);
        Tab = tab;
        Section = section;
        Rule = rule;
        Default = defaultValue;
        DefaultStep = defaultStep;
        IsSensitive = sensitive;
        Access = access;
        Description = description;
        Tr069 = tr069;
    }

    /// <summary>The name, or the template ending in <c>_n_</c> for per-extension parameters.</summary>
    public string Name { get; }

    /// <summary>True when there is one parameter per extension.</summary>
    public bool IsPerLine { get; }

    /// <summary>The tab of the phone's web page (<c>Provisioning</c>, <c>System</c>, <c>Ext {n}</c> …).</summary>
    public string Tab { get; }

    /// <summary>The section heading inside the tab.</summary>
    public string Section { get; }

    /// <summary>Syntax and range of the value.</summary>
    public ValueRule Rule { get; }

    /// <summary>The factory value (for extension n, <see cref="DefaultStep"/> is added n-1 times to an integer default).</summary>
    public string Default { get; }

    /// <summary>Per-extension increment of an integer default (<c>SIP_Port_n_</c>: 5060, 5061 …); 0 otherwise.</summary>
    public int DefaultStep { get; }

    /// <summary>A secret: read back as empty over TR-069 and masked in exported profiles.</summary>
    public bool IsSensitive { get; }

    /// <summary>The factory <c>ua</c> of the parameter.</summary>
    public UserAccess Access { get; }

    /// <summary>A one-line explanation for people, if the catalogue has one.</summary>
    public string? Description { get; }

    /// <summary>The standard TR-069 paths (relative to the root object) this parameter maps to; may be empty.</summary>
    public IReadOnlyList<Tr069Binding> Tr069 { get; }

    /// <summary>The concrete name for extension <paramref name="line"/> (<c>User_ID_n_</c>, 2 → <c>User_ID_2_</c>).</summary>
    public string NameFor(int line) =>
        IsPerLine ? string.Concat(Name.AsSpan(0, Name.Length - 2), line.ToString(System.Globalization.CultureInfo.InvariantCulture), "_") : Name;

    /// <inheritdoc />
    public override string ToString() => Name;
}
