namespace TR069Acs.Cwmp;

/// <summary>Reads CWMP SOAP envelopes. Streaming (XmlReader), DTD processing prohibited, size-limited.</summary>
public static partial class CwmpReader
{
    /// <summary>Reads one envelope from UTF-8 bytes.</summary>
    /// <exception cref="CwmpFormatException">The bytes are not a readable CWMP envelope.</exception>
    public static CwmpEnvelope Read(ReadOnlyMemory<byte> utf8, CwmpReaderOptions? options = null)
        => throw new NotImplementedException();

    /// <summary>Reads a body of at most <see cref="CwmpReaderOptions.MaxBodyBytes"/> from a stream and parses it.</summary>
    /// <exception cref="CwmpFormatException">Too large, or not a readable CWMP envelope.</exception>
    public static ValueTask<CwmpEnvelope> ReadAsync(Stream body, CwmpReaderOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
