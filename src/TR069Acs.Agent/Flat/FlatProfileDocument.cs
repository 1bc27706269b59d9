using System.Xml;
using TR069Acs.Provisioning.Catalogue;

namespace TR069Acs.Agent.Flat;

/// <summary>One parameter element of a flat profile.</summary>
/// <param name="Name">The element name (the flat name).</param>
/// <param name="Value">The trimmed text; empty for <c>&lt;X/&gt;</c>.</param>
/// <param name="Access">The <c>ua</c> attribute, when present and valid.</param>
/// <param name="Line">The element's line in the file, for reports.</param>
internal sealed record FlatProfileEntry(string Name, string Value, UserAccess? Access, int Line);

/// <summary>Reads a <c>&lt;flat-profile&gt;</c> (optionally inside <c>&lt;device&gt;</c>) as the phone does (DESIGN
/// §6): one element per parameter, values trimmed, comments ignored. The whole document is read before anything is
/// applied, so a malformed profile changes nothing.</summary>
/// <remarks>Agent-side reader until the provisioning library's FlatProfiles reader is available.</remarks>
internal static class FlatProfileDocument
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = 16 * 1024 * 1024,
    };

    /// <summary>The entries of a profile.</summary>
    /// <exception cref="FormatException">Not a well-formed flat profile; the message names line and column.</exception>
    public static List<FlatProfileEntry> Parse(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            var info = (IXmlLineInfo)reader;
            reader.MoveToContent();
            if (reader.LocalName == "device")
            {
                if (reader.IsEmptyElement)
                {
                    throw new FormatException("<device> holds no <flat-profile>");
                }
                reader.Read();
                reader.MoveToContent();
            }
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "flat-profile")
            {
                throw new FormatException($"line {info.LineNumber}, column {info.LinePosition}: expected <flat-profile>, found <{reader.LocalName}>");
            }
            var entries = new List<FlatProfileEntry>();
            if (reader.IsEmptyElement)
            {
                return entries;
            }
            reader.Read();
            while (reader.MoveToContent() == XmlNodeType.Element)
            {
                var name = reader.LocalName;
                var line = info.LineNumber;
                UserAccess? access = reader.GetAttribute("ua") is { } ua && UserAccessText.TryParse(ua, out var parsed) ? parsed : null;
                // <X/> reads as the empty string; an element holding elements is malformed.
                var value = reader.ReadElementContentAsString().Trim();
                entries.Add(new FlatProfileEntry(name, value, access, line));
            }
            if (reader.NodeType != XmlNodeType.EndElement)
            {
                throw new FormatException($"line {info.LineNumber}, column {info.LinePosition}: unexpected {reader.NodeType} in <flat-profile>");
            }
            return entries;
        }
        catch (XmlException e)
        {
            throw new FormatException($"line {e.LineNumber}, column {e.LinePosition}: {e.Message}", e);
        }
    }
}
