using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.Mapping;

/// <summary>
/// One TR-069 parameter path of a model and the flat parameter behind it: a standard path
/// (<c>Device.Services.VoiceService.1.VoiceProfile.2.Line.1.DirectoryNumber</c>) or the vendor path
/// <c>Device.X_CISCO_COM_FlatProfile.&lt;FlatName&gt;</c>.
/// </summary>
public sealed class MappedPath
{
    internal MappedPath(string path, Tr069Root root, FlatParameter parameter, Tr069Binding? binding, FlatParameter? readFallback)
    {
        Path = path;
        Root = root;
        Parameter = parameter;
        Binding = binding;
        ReadFallback = readFallback;
    }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>The root object of the path.</summary>
    public Tr069Root Root { get; }

    /// <summary>The flat parameter written by SetParameterValues on this path.</summary>
    public FlatParameter Parameter { get; }

    /// <summary>The standard binding, or null for the <c>X_CISCO_COM_FlatProfile</c> path.</summary>
    public Tr069Binding? Binding { get; }

    /// <summary>The parameter read instead when <see cref="Parameter"/> is empty (AuthUserName → User_ID_n_), or null.</summary>
    public FlatParameter? ReadFallback { get; }

    /// <summary>True for <c>X_CISCO_COM_FlatProfile.&lt;Name&gt;</c>: the flat value, verbatim.</summary>
    public bool IsFlatProfilePath => Binding is null;

    /// <summary>The TR-069 type without prefix (<c>string</c>, <c>boolean</c>, <c>unsignedInt</c>).</summary>
    public string Type => Binding?.Type ?? "string";

    /// <summary>The conversion between the flat and the TR-069 value.</summary>
    public Tr069Conversion Conversion => Binding?.Conversion ?? Tr069Conversion.None;

    /// <summary>True when the path carries only part of the flat value (host or port of <c>host:port</c>) or reads a fallback.</summary>
    public bool IsPartial => Binding is { CarriesWholeValue: false };

    /// <summary>Reads return an empty string (TR-069: passwords are write-only).</summary>
    public bool IsSecret => Parameter.IsSensitive;

    /// <summary>Every mapped parameter is writable by the ACS (the catalogue holds configuration only).</summary>
    public bool IsWritable => true;

    /// <inheritdoc />
    public override string ToString() => Path;
}
