using System.Text;
using System.Xml;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Provisioning.FlatProfiles;

/// <summary>
/// Reads the phone's XML flat profile (DESIGN §6):
/// <code>
/// [&lt;device&gt;] &lt;flat-profile&gt;
///   &lt;GPP_A ua="na"&gt; 12345678 &lt;/GPP_A&gt;     value trimmed; ua optional (na, ro, rw)
///   &lt;Profile_Rule_B/&gt;                     empty value
///   &lt;!-- comments anywhere --&gt;
/// &lt;/flat-profile&gt; [&lt;/device&gt;]
/// </code>
/// Streaming <see cref="XmlReader"/>, DTDs prohibited, no external resolution, size limits; the encoding comes from
/// the BOM or XML declaration (UTF-8 by default). Any structural problem throws <see cref="FlatProfileException"/>
/// with line and column, so a broken profile changes nothing. Parameter names are not checked here: the applier
/// reports unknown ones.
/// </summary>
public static class FlatProfileReader
{
    private const string FlatProfileElement = "flat-profile";
    private const string DeviceElement = "device";

    /// <summary>Parses a profile from bytes (as downloaded and decoded).</summary>
    public static FlatProfile Parse(ReadOnlySpan<byte> data, FlatProfileReaderOptions? options = null) => Parse(data.ToArray(), options);

    /// <summary>Parses a profile from bytes without copying them.</summary>
    public static FlatProfile Parse(byte[] data, FlatProfileReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= FlatProfileReaderOptions.Default;
        using var stream = new MemoryStream(data, writable: false);
        return Run(() => XmlReader.Create(stream, Settings(options)), options, () => Locate(Encoding.UTF8.GetString(data), "<!DOCTYPE"));
    }

    /// <summary>Parses a profile from a stream (left open).</summary>
    public static FlatProfile Parse(Stream stream, FlatProfileReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= FlatProfileReaderOptions.Default;
        return Run(() => XmlReader.Create(stream, Settings(options)), options, null);
    }

    /// <summary>Parses a profile from text.</summary>
    public static FlatProfile Parse(string text, FlatProfileReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= FlatProfileReaderOptions.Default;
        return Run(() => XmlReader.Create(new StringReader(text), Settings(options)), options, () => Locate(text, "<!DOCTYPE"));
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out FlatProfile? profile, out FlatProfileException? error, FlatProfileReaderOptions? options = null)
    {
        try
        {
            profile = Parse(data, options);
            error = null;
            return true;
        }
        catch (FlatProfileException e)
        {
            profile = null;
            error = e;
            return false;
        }
    }

    private static XmlReaderSettings Settings(FlatProfileReaderOptions options) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersInDocument = options.MaxCharacters,
        MaxCharactersFromEntities = 0,
        CloseInput = false,
    };

    private static FlatProfile Run(Func<XmlReader> create, FlatProfileReaderOptions options, Func<(int, int)>? locateDtd)
    {
        XmlReader? reader = null;
        try
        {
            reader = create();
            return Read(reader, options);
        }
        catch (XmlException e)
        {
            // Some refusals (a prohibited DTD) carry no position of their own; the reader still knows where it is.
            var (line, column) = e.LineNumber > 0 ? (e.LineNumber, e.LinePosition) : Position(reader);
            if (line == 0 && locateDtd is not null)
            {
                (line, column) = locateDtd();
            }

            throw new FlatProfileException(Clean(e.Message), line, column, e);
        }
        catch (DecoderFallbackException e)
        {
            var (line, column) = Position(reader);
            throw new FlatProfileException("the text is not valid in its encoding (UTF-8 expected)", line, column, e);
        }
        finally
        {
            reader?.Dispose();
        }
    }

    private static FlatProfile Read(XmlReader reader, FlatProfileReaderOptions options)
    {
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            throw Error(reader, "the document is empty (expected <flat-profile>)");
        }

        var entries = new List<FlatProfileEntry>(256);
        List<FlatProfileWarning>? warnings = null;
        if (reader.LocalName == DeviceElement)
        {
            if (!reader.IsEmptyElement)
            {
                reader.Read();
                while (Skip(reader) == XmlNodeType.Element)
                {
                    if (reader.LocalName != FlatProfileElement)
                    {
                        throw Error(reader, $"unexpected <{reader.Name}> inside <device> (expected <flat-profile>)");
                    }

                    ReadFlatProfile(reader, entries, ref warnings, options);
                }
            }
        }
        else if (reader.LocalName == FlatProfileElement)
        {
            ReadFlatProfile(reader, entries, ref warnings, options);
        }
        else
        {
            throw Error(reader, $"the root element is <{reader.Name}>, expected <flat-profile> or <device>");
        }

        // Let the reader check that nothing but comments and whitespace follow the root.
        while (reader.Read())
        {
        }

        return new FlatProfile(entries, warnings);
    }

    // Positioned on <flat-profile>; leaves the reader after its end tag.
    private static void ReadFlatProfile(XmlReader reader, List<FlatProfileEntry> entries, ref List<FlatProfileWarning>? warnings, FlatProfileReaderOptions options)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.Read();
        while (Skip(reader) == XmlNodeType.Element)
        {
            if (entries.Count == options.MaxEntries)
            {
                throw Error(reader, $"more than {options.MaxEntries} parameters");
            }

            entries.Add(ReadParameter(reader, ref warnings, options));
        }

        if (reader.NodeType != XmlNodeType.EndElement)
        {
            throw Error(reader, "unexpected end of the document inside <flat-profile>");
        }

        reader.Read();
    }

    // Skips whitespace; text where an element is expected is an error. Returns Element, EndElement or None.
    private static XmlNodeType Skip(XmlReader reader)
    {
        while (true)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    reader.Read();
                    continue;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    throw Error(reader, $"text '{Shorten(reader.Value.Trim())}' outside a parameter element");
                case XmlNodeType.Element or XmlNodeType.EndElement or XmlNodeType.None:
                    return reader.NodeType;
                default:
                    reader.Read();
                    continue;
            }
        }
    }

    private static FlatProfileEntry ReadParameter(XmlReader reader, ref List<FlatProfileWarning>? warnings, FlatProfileReaderOptions options)
    {
        var (line, column) = Position(reader);
        var name = reader.Name;
        UserAccess? access = null;
        if (reader.HasAttributes)
        {
            var ua = reader.GetAttribute("ua");
            if (ua is not null)
            {
                if (UserAccessText.TryParse(ua.AsSpan().Trim(), out var parsed))
                {
                    access = parsed;
                }
                else
                {
                    (warnings ??= []).Add(new FlatProfileWarning($"{name}: ua=\"{ua}\" is not na, ro or rw; the value applies, the access does not", line, column));
                }
            }
        }

        if (reader.IsEmptyElement)
        {
            reader.Read();
            return new FlatProfileEntry(name, "", access, line, column);
        }

        reader.Read();
        string? single = null;
        StringBuilder? many = null;
        while (reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (single is null)
                    {
                        single = reader.Value;
                    }
                    else
                    {
                        (many ??= new StringBuilder(single)).Append(reader.Value);
                    }

                    if ((many?.Length ?? single.Length) > options.MaxValueLength)
                    {
                        throw Error(reader, $"the value of <{name}> is longer than {options.MaxValueLength} characters");
                    }

                    break;
                case XmlNodeType.Element:
                    throw Error(reader, $"<{name}> contains an element <{reader.Name}>; parameter values are text");
                case XmlNodeType.None:
                    throw Error(reader, $"unexpected end of the document inside <{name}>");
            }

            reader.Read();
        }

        reader.Read();
        var value = (many?.ToString() ?? single ?? "").Trim(' ', '\t', '\r', '\n');
        return new FlatProfileEntry(name, value, access, line, column);
    }

    // 1-based line and column of the first occurrence of marker, or (0, 0).
    private static (int Line, int Column) Locate(string text, string marker)
    {
        var index = text.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0)
        {
            return (0, 0);
        }

        var lineStart = text.LastIndexOf('\n', Math.Max(index - 1, 0)) + 1;
        return (text.AsSpan(0, index).Count('\n') + 1, index - lineStart + 1);
    }

    private static (int Line, int Column) Position(XmlReader? reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    private static FlatProfileException Error(XmlReader reader, string reason)
    {
        var (line, column) = Position(reader);
        return new FlatProfileException(reason, line, column);
    }

    // XmlException messages end with "Line n, position m." which the exception already carries.
    private static string Clean(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd() : message;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
