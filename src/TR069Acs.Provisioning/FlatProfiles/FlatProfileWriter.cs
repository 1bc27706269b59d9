using System.Text;
using System.Xml;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>
/// Writes flat profiles: a phone's configuration for <c>/admin/cfg.xml</c>, or entries the ACS serves. Output is
/// UTF-8, one element per line, <c>&lt;X ua="na"/&gt;</c> for empty values, and reads back with
/// <see cref="FlatProfileReader"/> to the same values (secrets aside when masked).
/// </summary>
public static class FlatProfileWriter
{
    /// <summary>
    /// What a masked secret is written as. The applier recognizes it and keeps the phone's secret, so an exported
    /// profile can be applied again without wiping passwords.
    /// </summary>
    public const string SecretMask = "*************";

    private static readonly UTF8Encoding _utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes every parameter of a phone (or only changed ones) with its current <c>ua</c>.</summary>
    public static void Write(FlatValues values, TextWriter output, FlatProfileWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(output);
        options ??= FlatProfileWriterOptions.Default;
        Open(output, options);
        string? tab = null;
        foreach (var parameter in values.Parameters.Parameters)
        {
            if (options.OnlyChanged && values.IsFactoryValue(parameter))
            {
                continue;
            }

            if (options.TabComments && tab != parameter.Tab)
            {
                tab = parameter.Tab;
                output.Write("<!-- ");
                output.Write(tab.Replace("--", "- -", StringComparison.Ordinal));
                output.Write(" -->\n");
            }

            var value = options.MaskSecrets && parameter.IsSensitive && values[parameter].Length > 0 ? SecretMask : values[parameter];
            WriteElement(output, parameter.Name, value, options.IncludeUserAccess ? values.GetAccess(parameter) : null);
        }

        Close(output, options);
    }

    /// <summary>Writes entries as given (the ACS's generated profiles); secrets are told by the catalogue.</summary>
    /// <exception cref="ArgumentException">An entry name is not a valid XML element name.</exception>
    public static void Write(IEnumerable<FlatProfileEntry> entries, TextWriter output, FlatProfileWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        options ??= FlatProfileWriterOptions.Default;
        var catalogue = options.Catalogue ?? ParameterCatalogue.Default;
        Open(output, options);
        foreach (var entry in entries)
        {
            try
            {
                XmlConvert.VerifyName(entry.Name);
            }
            catch (XmlException e)
            {
                throw new ArgumentException($"'{entry.Name}' is not a valid parameter element name", nameof(entries), e);
            }

            var secret = options.MaskSecrets && catalogue.TryGetDefinition(entry.Name, out var definition) && definition.IsSensitive;
            WriteElement(output, entry.Name, secret && entry.Value.Length > 0 ? SecretMask : entry.Value, options.IncludeUserAccess ? entry.Access : null);
        }

        Close(output, options);
    }

    /// <summary>The profile of a phone as UTF-8 bytes (no BOM).</summary>
    public static byte[] ToBytes(FlatValues values, FlatProfileWriterOptions? options = null) => _utf8.GetBytes(ToText(values, options));

    /// <summary>The profile of a phone as text.</summary>
    public static string ToText(FlatValues values, FlatProfileWriterOptions? options = null)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(values, writer, options);
        return writer.ToString();
    }

    /// <summary>Entries as UTF-8 bytes (no BOM).</summary>
    public static byte[] ToBytes(IEnumerable<FlatProfileEntry> entries, FlatProfileWriterOptions? options = null)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(entries, writer, options);
        return _utf8.GetBytes(writer.ToString());
    }

    private static void Open(TextWriter output, FlatProfileWriterOptions options) =>
        output.Write(options.DeviceWrapper ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<device>\n<flat-profile>\n" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<flat-profile>\n");

    private static void Close(TextWriter output, FlatProfileWriterOptions options) =>
        output.Write(options.DeviceWrapper ? "</flat-profile>\n</device>\n" : "</flat-profile>\n");

    private static void WriteElement(TextWriter output, string name, string value, UserAccess? access)
    {
        output.Write('<');
        output.Write(name);
        if (access is UserAccess ua)
        {
            output.Write(" ua=\"");
            output.Write(UserAccessText.ToText(ua));
            output.Write('"');
        }

        if (value.Length == 0)
        {
            output.Write("/>\n");
            return;
        }

        output.Write('>');
        WriteEscaped(output, value);
        output.Write("</");
        output.Write(name);
        output.Write(">\n");
    }

    // XML 1.0 2.4: '<' and '&' must be escaped in text, '>' after "]]"; escape all three. A leading or trailing
    // space would be trimmed by the reader, which is also what the phone does, so it is written as is.
    private static void WriteEscaped(TextWriter output, string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escape = value[i] switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\r' => "&#xD;",
                _ => null,
            };
            if (escape is null)
            {
                continue;
            }

            output.Write(value.AsSpan(start, i - start));
            output.Write(escape);
            start = i + 1;
        }

        output.Write(value.AsSpan(start));
    }
}
