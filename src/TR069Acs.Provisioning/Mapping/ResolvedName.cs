using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Mapping;

/// <summary>A parameter name from an API call or a device, resolved against a model.</summary>
/// <param name="Input">The name or path as given.</param>
/// <param name="Path">The TR-069 path to use: the given path, or for a flat name its canonical path.</param>
/// <param name="InputWasFlatName">True when <paramref name="Input"/> was a flat name.</param>
public sealed record ResolvedName(string Input, MappedPath Path, bool InputWasFlatName)
{
    /// <summary>The flat parameter behind the path.</summary>
    public FlatParameter Parameter => Path.Parameter;

    /// <summary>The flat name (<c>User_ID_1_</c>).</summary>
    public string FlatName => Path.Parameter.Name;

    /// <summary>The TR-069 path.</summary>
    public string Tr069Path => Path.Path;

    /// <summary>The flat names a read of the path involves: the parameter, then its read fallback if any.</summary>
    public IReadOnlyList<string> FlatNames =>
        Path.ReadFallback is { } fallback ? [Path.Parameter.Name, fallback.Name] : [Path.Parameter.Name];

    /// <summary>True when the path carries only part of the flat value or a fallback.</summary>
    public bool IsPartial => Path.IsPartial;
}
