namespace TR069Acs.Cwmp;

/// <summary>What was wrong with an envelope that could not be read.</summary>
public enum CwmpErrorKind
{
    /// <summary>The body exceeded <see cref="CwmpReaderOptions.MaxBodyBytes"/> (HTTP 413).</summary>
    TooLarge,
    /// <summary>The document carried a DTD or entity declarations; they are refused outright.</summary>
    DtdProhibited,
    /// <summary>Not well-formed XML (truncated, bad encoding, mismatched tags).</summary>
    MalformedXml,
    /// <summary>Well-formed XML but not a SOAP 1.1 envelope with a body.</summary>
    NotAnEnvelope,
    /// <summary>The SOAP body holds no element or more than one.</summary>
    BadBody,
    /// <summary>A required element of a known message is missing.</summary>
    MissingField,
    /// <summary>An element's text is not a valid value for its type (e.g. a non-numeric MaxEnvelopes).</summary>
    InvalidValue,
    /// <summary>Nesting deeper than <see cref="CwmpReaderOptions.MaxDepth"/>.</summary>
    TooDeep,
    /// <summary>More elements than <see cref="CwmpReaderOptions.MaxElements"/>.</summary>
    TooManyElements,
    /// <summary>A field or list is longer than the limits of <see cref="CwmpReaderOptions"/> (TR-069's own sizes, or the
    /// configured ones): refused as a whole (HTTP 413), nothing of it kept.</summary>
    LimitExceeded,
}

/// <summary>An envelope could not be read. <see cref="Exception.Message"/> says what and where, for a person.</summary>
public sealed class CwmpFormatException(CwmpErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The class of problem, for choosing the HTTP status or fault code.</summary>
    public CwmpErrorKind Kind { get; } = kind;
}
