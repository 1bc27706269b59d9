using System.Globalization;

namespace TR069Acs.Provisioning.Mapping;

/// <summary>
/// One standard TR-069 path of a catalogue parameter, relative to the root object
/// (<c>Services.VoiceService.1.VoiceProfile.{n}.Line.1.Enable</c>), with its value conversion.
/// </summary>
public sealed class Tr069Binding
{
    internal Tr069Binding(string pathTemplate, string type, Tr069Conversion conversion, int defaultPort, string? readFallback)
    {
        PathTemplate = pathTemplate;
        Type = type;
        Conversion = conversion;
        DefaultPort = defaultPort;
        ReadFallback = readFallback;
    }

    /// <summary>The path below the root; <c>{n}</c> stands for the extension number.</summary>
    public string PathTemplate { get; }

    /// <summary>The TR-069 value type without prefix: <c>string</c>, <c>boolean</c>, <c>unsignedInt</c>.</summary>
    public string Type { get; }

    /// <summary>How values are converted.</summary>
    public Tr069Conversion Conversion { get; }

    /// <summary>The port reported for <see cref="Tr069Conversion.Port"/> when the flat value names none.</summary>
    public int DefaultPort { get; }

    /// <summary>
    /// The catalogue name (template) of a parameter read instead when this one is empty:
    /// TR-104 AuthUserName is <c>Auth_ID_n_</c>, else <c>User_ID_n_</c>.
    /// </summary>
    public string? ReadFallback { get; }

    /// <summary>True when the path carries the entire flat value both ways (so it can stand for the flat name).</summary>
    public bool CarriesWholeValue => Conversion is not (Tr069Conversion.Host or Tr069Conversion.Port) && ReadFallback is null;

    /// <summary>The path below the root for extension <paramref name="line"/>.</summary>
    public string PathFor(int line) =>
        PathTemplate.Replace("{n}", line.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => PathTemplate;
}
