using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Mapping;

/// <summary>A validated, normalized flat value to store: the effect of a TR-069 write.</summary>
/// <param name="Parameter">The flat parameter.</param>
/// <param name="Value">The value to store.</param>
public readonly record struct FlatAssignment(FlatParameter Parameter, string Value)
{
    /// <summary>The flat name.</summary>
    public string Name => Parameter.Name;
}
