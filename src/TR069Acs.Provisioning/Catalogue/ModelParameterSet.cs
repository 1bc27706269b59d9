using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TR069Acs.Provisioning.Catalogue;

/// <summary>
/// Every flat parameter of one model, with per-extension templates expanded for the model's line count. Built once
/// per model and shared; lookups by name are a single frozen-dictionary probe.
/// </summary>
public sealed class ModelParameterSet
{
    private readonly FlatParameter[] _parameters;
    private readonly FrozenDictionary<string, FlatParameter> _byName;
    private readonly FrozenDictionary<string, ParameterDefinition> _templates;

    internal ModelParameterSet(PhoneModel model, IReadOnlyList<ParameterDefinition> definitions)
    {
        Model = model;
        var list = new List<FlatParameter>();
        foreach (var definition in definitions.Where(d => !d.IsPerLine))
        {
            list.Add(new FlatParameter(definition, 0, list.Count, DefaultFor(model, definition, 0)));
        }

        for (var line = 1; line <= model.Lines; line++)
        {
            foreach (var definition in definitions.Where(d => d.IsPerLine))
            {
                list.Add(new FlatParameter(definition, line, list.Count, DefaultFor(model, definition, line)));
            }
        }

        _parameters = [.. list];
        _byName = _parameters.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        _templates = definitions.Where(d => d.IsPerLine).ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);
    }

    /// <summary>The model.</summary>
    public PhoneModel Model { get; }

    /// <summary>All parameters: the global ones in catalogue order, then Ext 1, Ext 2 … each in catalogue order.</summary>
    public IReadOnlyList<FlatParameter> Parameters => _parameters;

    /// <summary>Number of parameters.</summary>
    public int Count => _parameters.Length;

    /// <summary>Finds a parameter by its exact flat name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out FlatParameter? parameter) => _byName.TryGetValue(name, out parameter);

    /// <summary>The parameter named <paramref name="name"/>, or <see cref="KeyNotFoundException"/> with the reason.</summary>
    public FlatParameter Get(string name) =>
        _byName.TryGetValue(name, out var parameter) ? parameter : throw new KeyNotFoundException(DescribeUnknown(name));

    /// <summary>
    /// Why <paramref name="name"/> is not a parameter of this model: a catalogue parameter of an extension the model
    /// lacks, or no parameter at all.
    /// </summary>
    public string DescribeUnknown(string name)
    {
        if (TrySplitLine(name, out var template, out var line) && _templates.ContainsKey(template))
        {
            return $"{name}: extension {line} does not exist on {Model.Name} ({Model.Lines} line{(Model.Lines == 1 ? "" : "s")})";
        }

        return $"{name}: not a parameter of {Model.Name}";
    }

    /// <summary>True when <paramref name="name"/> is a per-extension parameter of an extension this model lacks.</summary>
    public bool IsMissingExtension(string name) =>
        !_byName.ContainsKey(name) && TrySplitLine(name, out var template, out _) && _templates.ContainsKey(template);

    // User_ID_12_ → (User_ID_n_, 12)
    internal static bool TrySplitLine(string name, [NotNullWhen(true)] out string? template, out int line)
    {
        template = null;
        line = 0;
        if (name.Length < 4 || name[^1] != '_')
        {
            return false;
        }

        var end = name.Length - 1;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(name[start - 1]))
        {
            start--;
        }

        if (start == end || start == 0 || name[start - 1] != '_' || end - start > 4)
        {
            return false;
        }

        line = int.Parse(name.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture);
        template = string.Concat(name.AsSpan(0, start), "n_");
        return line > 0;
    }

    private static string DefaultFor(PhoneModel model, ParameterDefinition definition, int line)
    {
        var name = definition.NameFor(line);
        if (model.Defaults.TryGetValue(name, out var own) || model.Defaults.TryGetValue(definition.Name, out own))
        {
            return own;
        }

        if (definition.DefaultStep != 0 && line > 1
            && long.TryParse(definition.Default, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var first))
        {
            return (first + (long)definition.DefaultStep * (line - 1)).ToString(CultureInfo.InvariantCulture);
        }

        return definition.Default;
    }
}
