namespace TR069Acs.Provisioning.Catalogue;

/// <summary>
/// A concrete flat parameter of one model (<c>User_ID_3_</c> on a CP-8841-3PCC), with its factory value for that
/// model. Instances are shared by every phone of the model; <see cref="Ordinal"/> indexes per-phone storage.
/// </summary>
public sealed class FlatParameter
{
    internal FlatParameter(ParameterDefinition definition, int line, int ordinal, string defaultValue)
    {
        Definition = definition;
        Line = line;
        Ordinal = ordinal;
        Default = defaultValue;
        Name = definition.NameFor(line);
        Tab = definition.IsPerLine ? definition.Tab.Replace("{n}", line.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : definition.Tab;
    }

    /// <summary>The flat name, the XML element name in a profile (<c>Profile_Rule</c>, <c>User_ID_3_</c>).</summary>
    public string Name { get; }

    /// <summary>The catalogue entry (template) behind this parameter.</summary>
    public ParameterDefinition Definition { get; }

    /// <summary>The extension number for per-extension parameters; 0 otherwise.</summary>
    public int Line { get; }

    /// <summary>Position in <see cref="ModelParameterSet.Parameters"/>.</summary>
    public int Ordinal { get; }

    /// <summary>The factory value on this model.</summary>
    public string Default { get; }

    /// <summary>The web page tab, with the extension number filled in (<c>Ext 3</c>).</summary>
    public string Tab { get; }

    /// <summary>Syntax and range of the value.</summary>
    public ValueRule Rule => Definition.Rule;

    /// <summary>A secret: masked in exports, read back as empty over TR-069.</summary>
    public bool IsSensitive => Definition.IsSensitive;

    /// <inheritdoc />
    public override string ToString() => Name;
}
