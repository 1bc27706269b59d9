using System.Globalization;
using System.Xml;

namespace TR069Acs.Cwmp;

/// <summary>A forward-only walk over an <see cref="XmlReader"/> that enforces the element limits and turns every
/// problem into a <see cref="CwmpFormatException"/> that says where it is.</summary>
/// <remarks>
/// The structure readers follow one pattern: <c>for (var d = c.EnterChildren(); c.NextChild(d);) switch (c.LocalName)</c>.
/// After a child is handled the reader sits on that child's end tag (or on the child itself when it was empty),
/// so <see cref="NextChild"/> can move on without knowing what the child held.
/// </remarks>
internal sealed class XmlCursor(XmlReader reader, CwmpReaderOptions options)
{
    // Longest piece of offending input quoted back in an error message.
    private const int MaxQuotedChars = 64;

    private readonly XmlReader _reader = reader;
    private readonly IXmlLineInfo? _lineInfo = reader as IXmlLineInfo;
    private readonly int _maxDepth = options.MaxDepth;
    private readonly int _maxElements = options.MaxElements;
    private int _elements;

    /// <summary>The limits this walk enforces.</summary>
    public CwmpReaderOptions Options { get; } = options;

    /// <summary>True once the root element has been read: a DTD can only come before it.</summary>
    public bool PastProlog { get; private set; }

    public string LocalName => _reader.LocalName;

    public string NamespaceUri => _reader.NamespaceURI;

    /// <summary>Advances one node, counting elements against the limits.</summary>
    public bool Read()
    {
        if (!_reader.Read())
        {
            return false;
        }
        if (_reader.NodeType == XmlNodeType.Element)
        {
            PastProlog = true;
            if (++_elements > _maxElements)
            {
                throw Error(CwmpErrorKind.TooManyElements, $"more than {_maxElements} elements in one envelope");
            }
            if (_reader.Depth >= _maxDepth)
            {
                throw Error(CwmpErrorKind.TooDeep, $"element '{_reader.Name}' is nested deeper than {_maxDepth} levels");
            }
        }
        return true;
    }

    /// <summary>Moves to the first element of the document.</summary>
    public bool MoveToRoot()
    {
        while (Read())
        {
            if (_reader.NodeType == XmlNodeType.Element)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads to the end of the document so that trailing garbage or truncation is still caught.</summary>
    public void ReadToEnd()
    {
        while (Read())
        {
        }
    }

    /// <summary>Call on a start tag; returns the token <see cref="NextChild"/> needs (-1 when the element is empty).</summary>
    public int EnterChildren() => _reader.IsEmptyElement ? -1 : _reader.Depth;

    /// <summary>Moves to the next child element of the element entered at <paramref name="parentDepth"/>;
    /// false when its end tag is reached.</summary>
    public bool NextChild(int parentDepth)
    {
        if (parentDepth < 0)
        {
            return false;
        }
        while (Read())
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element when _reader.Depth == parentDepth + 1:
                    return true;
                case XmlNodeType.Element:
                    // Only reachable when a handler left a child half read; skip whatever is nested.
                    Skip();
                    break;
                case XmlNodeType.EndElement when _reader.Depth == parentDepth:
                    return false;
            }
        }
        throw Error(CwmpErrorKind.MalformedXml, "the document ends inside an element");
    }

    /// <summary>Skips the current element and everything in it, still counting elements.</summary>
    public void Skip()
    {
        var depth = EnterChildren();
        while (NextChild(depth))
        {
            Skip();
        }
    }

    /// <summary>The text content of the current element (text and CDATA joined, nested elements ignored).</summary>
    public string ReadString()
    {
        if (_reader.IsEmptyElement)
        {
            return "";
        }
        var depth = _reader.Depth;
        string? first = null;
        System.Text.StringBuilder? more = null;
        while (Read())
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    if (first is null)
                    {
                        first = _reader.Value;
                    }
                    else
                    {
                        (more ??= new System.Text.StringBuilder(first)).Append(_reader.Value);
                    }
                    break;
                case XmlNodeType.Element:
                    Skip();
                    break;
                case XmlNodeType.EndElement when _reader.Depth == depth:
                    return more?.ToString() ?? first ?? "";
            }
        }
        throw Error(CwmpErrorKind.MalformedXml, "the document ends inside an element");
    }

    /// <summary>The text content of the current element, refused when longer than <paramref name="max"/> characters.</summary>
    public string ReadString(string field, int max, string reason)
    {
        var text = ReadString();
        return text.Length <= max ? text : throw TooLong(field, text.Length, max, reason);
    }

    /// <summary>The error for a field over its limit; quotes only the start of it.</summary>
    public CwmpFormatException TooLong(string field, int length, int max, string reason)
        => Error(CwmpErrorKind.LimitExceeded, string.Create(CultureInfo.InvariantCulture,
            $"{field} has {length} characters; the limit is {max} ({reason})"));

    public string? GetAttribute(string localName, string namespaceUri) => _reader.GetAttribute(localName, namespaceUri);

    public string? LookupNamespace(string prefix) => _reader.LookupNamespace(prefix);

    public int ReadInt(string field)
    {
        var text = ReadTrimmed(out var at);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(field, text, "int", at);
    }

    public uint ReadUInt(string field)
    {
        var text = ReadTrimmed(out var at);
        return uint.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(field, text, "unsignedInt", at);
    }

    public long ReadLong(string field)
    {
        var text = ReadTrimmed(out var at);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(field, text, "long", at);
    }

    public bool ReadBool(string field)
    {
        var text = ReadTrimmed(out var at);
        return CwmpValues.TryParseBoolean(text, out var value) ? value : throw Invalid(field, text, "boolean", at);
    }

    public DateTimeOffset ReadDateTime(string field)
    {
        var text = ReadTrimmed(out var at);
        return CwmpValues.TryParseDateTime(text, out var value) ? value : throw Invalid(field, text, "dateTime", at);
    }

    // The position is taken at the start tag, before the text is consumed, so the message points at the element.
    private string ReadTrimmed(out (int Line, int Position) at)
    {
        at = _lineInfo is { } li ? (li.LineNumber, li.LinePosition) : (0, 0);
        return ReadString().Trim();
    }

    /// <summary>The error for a required element that was not there.</summary>
    public CwmpFormatException Missing(string parent, string field)
        => Error(CwmpErrorKind.MissingField, $"{parent} is missing {field}");

    public CwmpFormatException Error(CwmpErrorKind kind, string what)
        => new(kind, $"{what} ({Position()})");

    private static CwmpFormatException Invalid(string field, string text, string type, (int Line, int Position) at)
        => new(CwmpErrorKind.InvalidValue, $"{field}: '{Quote(text)}' is not a valid {type} ({Describe(at)})");

    private string Position() => Describe(_lineInfo is { } li ? (li.LineNumber, li.LinePosition) : (0, 0));

    private static string Describe((int Line, int Position) at)
        => at.Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"line {at.Line}, position {at.Position}")
            : "position unknown";

    internal static string Quote(string text) => text.Length <= MaxQuotedChars ? text : string.Concat(text.AsSpan(0, MaxQuotedChars), "…");
}
