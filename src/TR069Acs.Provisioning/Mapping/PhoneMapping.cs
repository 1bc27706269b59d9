using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Mapping;

/// <summary>
/// Entry point of the flat ↔ TR-069 mapping for every model of a catalogue. The ACS uses
/// <see cref="ResolveName(string, string, Tr069Root)"/> to accept flat names wherever it takes parameter names;
/// the agent takes <see cref="ForModel(PhoneModel)"/> to build its data model and translate GPV/SPV.
/// </summary>
public sealed class PhoneMapping
{
    private static readonly Lazy<PhoneMapping> _default = new(() => new PhoneMapping(ParameterCatalogue.Default));

    private readonly FrozenDictionary<PhoneModel, Lazy<ModelMapping>> _models;

    /// <summary>Creates the mapping of <paramref name="catalogue"/>; per-model tables are built on first use.</summary>
    public PhoneMapping(ParameterCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        Catalogue = catalogue;
        _models = catalogue.Models.ToFrozenDictionary(
            m => m,
            m => new Lazy<ModelMapping>(() => new ModelMapping(catalogue.GetParameterSet(m)), LazyThreadSafetyMode.ExecutionAndPublication));
    }

    /// <summary>The catalogue behind the mapping.</summary>
    public ParameterCatalogue Catalogue { get; }

    /// <summary>The mapping of the embedded catalogue (<c>schemas/phone/catalogue.json</c>), loaded once.</summary>
    public static PhoneMapping Load() => _default.Value;

    /// <summary>The mapping of one model.</summary>
    public ModelMapping ForModel(PhoneModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _models.TryGetValue(model, out var mapping)
            ? mapping.Value
            : throw new ArgumentException($"{model.Name} does not belong to this catalogue", nameof(model));
    }

    /// <summary>The mapping of the model named <paramref name="model"/> (case-insensitive); <see cref="KeyNotFoundException"/> if unknown.</summary>
    public ModelMapping ForModel(string model) => ForModel(Catalogue.GetModel(model));

    /// <summary>The mapping of the model named <paramref name="model"/>, if the catalogue has it (e.g. a device's ProductClass).</summary>
    public bool TryForModel(string model, [NotNullWhen(true)] out ModelMapping? mapping)
    {
        mapping = Catalogue.TryGetModel(model, out var phoneModel) ? ForModel(phoneModel) : null;
        return mapping is not null;
    }

    /// <summary>Resolves a flat name or TR-069 path for a model.</summary>
    public bool TryResolveName(string nameOrPath, string model, [NotNullWhen(true)] out ResolvedName? resolved, Tr069Root root = Tr069Root.Device)
    {
        resolved = null;
        return TryForModel(model, out var mapping) && mapping.TryResolve(nameOrPath, out resolved, root);
    }

    /// <summary>
    /// Resolves a flat name (<c>User_ID_1_</c>) or TR-069 path for a model: the flat name(s) and the TR-069 path.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Unknown model, or no such parameter on it (the message says which).</exception>
    public ResolvedName ResolveName(string nameOrPath, string model, Tr069Root root = Tr069Root.Device)
    {
        var mapping = ForModel(model);
        return mapping.TryResolve(nameOrPath, out var resolved, root)
            ? resolved
            : throw new KeyNotFoundException(mapping.DescribeUnknown(nameOrPath));
    }
}
