using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace TR069Acs.Provisioning.Catalogue;

/// <summary>
/// The phone's flat parameters and models, read from <c>schemas/phone/catalogue.json</c> and
/// <c>schemas/phone/models.json</c> (embedded in this assembly). One instance serves every phone of a fleet and
/// every ACS request: it is immutable after loading.
/// </summary>
public sealed partial class ParameterCatalogue
{
    private static readonly Lazy<ParameterCatalogue> _default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ParameterDefinition[] _definitions;
    private readonly PhoneModel[] _models;
    private readonly FrozenDictionary<string, ParameterDefinition> _definitionsByName;
    private readonly FrozenDictionary<string, PhoneModel> _modelsByName;
    private readonly FrozenDictionary<PhoneModel, ModelParameterSet> _sets;

    private ParameterCatalogue(ParameterDefinition[] definitions, PhoneModel[] models)
    {
        _definitions = definitions;
        _models = models;
        _definitionsByName = definitions.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
        _modelsByName = models.ToFrozenDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        _sets = models.ToFrozenDictionary(m => m, m => new ModelParameterSet(m, definitions));
    }

    /// <summary>The catalogue embedded in this assembly, loaded once.</summary>
    public static ParameterCatalogue Default => _default.Value;

    /// <summary>Every catalogue entry in file order (per-extension entries as templates).</summary>
    public IReadOnlyList<ParameterDefinition> Definitions => _definitions;

    /// <summary>Every model in file order.</summary>
    public IReadOnlyList<PhoneModel> Models => _models;

    /// <summary>Finds a model by product name (case-insensitive: <c>cp-8841-3pcc</c> finds CP-8841-3PCC).</summary>
    public bool TryGetModel(string name, [NotNullWhen(true)] out PhoneModel? model)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _modelsByName.TryGetValue(name, out model);
    }

    /// <summary>The model named <paramref name="name"/>, or <see cref="KeyNotFoundException"/> listing the known ones.</summary>
    public PhoneModel GetModel(string name) =>
        TryGetModel(name, out var model)
            ? model
            : throw new KeyNotFoundException($"unknown phone model '{name}' (known: {string.Join(", ", _models.Select(m => m.Name))})");

    /// <summary>Finds a catalogue entry by its name or, for a concrete per-extension name, its template.</summary>
    public bool TryGetDefinition(string name, [NotNullWhen(true)] out ParameterDefinition? definition)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_definitionsByName.TryGetValue(name, out definition))
        {
            return true;
        }

        return ModelParameterSet.TrySplitLine(name, out var template, out _)
            && _definitionsByName.TryGetValue(template, out definition)
            && definition.IsPerLine;
    }

    /// <summary>The expanded parameters of <paramref name="model"/> (shared, built at load).</summary>
    public ModelParameterSet GetParameterSet(PhoneModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _sets.TryGetValue(model, out var set)
            ? set
            : throw new ArgumentException($"{model.Name} does not belong to this catalogue", nameof(model));
    }

    /// <summary>The expanded parameters of the model named <paramref name="modelName"/>.</summary>
    public ModelParameterSet GetParameterSet(string modelName) => GetParameterSet(GetModel(modelName));
}
