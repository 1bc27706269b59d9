using System.Buffers;
using System.Runtime.InteropServices;
using System.Xml;

namespace TR069Acs.Cwmp;

/// <summary>Reads CWMP SOAP envelopes. Streaming (XmlReader), DTD processing prohibited, size-limited.</summary>
/// <remarks>
/// Lenient in what real CPE stacks send: any prefixes, cwmp-1-0 … cwmp-1-4, unqualified RPC and child elements,
/// missing xsi:type (read as <c>xsd:string</c>), arrays with or without soap-enc:arrayType, CDATA, a UTF-8 BOM.
/// Strict about safety: a DTD, an oversized body, too deep or too many elements, malformed XML and invalid values
/// all end in a <see cref="CwmpFormatException"/> naming the problem; no other exception type escapes for bad input.
/// </remarks>
public static partial class CwmpReader
{
    // Only an I/O size: the body is read into pooled buffers that start here and double up to MaxBodyBytes + 1.
    private const int InitialBufferBytes = 16 * 1024;

    private static readonly XmlReaderSettings _settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        // Without a DTD no entity can be declared; this caps expansion should that ever change. (0 would mean "no limit".)
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        // Whitespace is significant inside values; between elements the cursor skips it.
        IgnoreWhitespace = false,
        // CPE stacks put control characters in values; the writer escapes them as character references.
        CheckCharacters = false,
        CloseInput = false,
    };

    /// <summary>Reads one envelope from UTF-8 bytes.</summary>
    /// <exception cref="CwmpFormatException">The bytes are not a readable CWMP envelope.</exception>
    public static CwmpEnvelope Read(ReadOnlyMemory<byte> utf8, CwmpReaderOptions? options = null)
    {
        options ??= CwmpReaderOptions.Default;
        if (utf8.Length > options.MaxBodyBytes)
        {
            throw TooLarge(options);
        }
        if (utf8.IsEmpty)
        {
            throw new CwmpFormatException(CwmpErrorKind.NotAnEnvelope, "the body is empty; a SOAP envelope was expected");
        }

        using var stream = AsStream(utf8);
        XmlCursor? cursor = null;
        try
        {
            using var reader = XmlReader.Create(stream, _settings);
            cursor = new XmlCursor(reader, options);
            return ReadEnvelope(cursor);
        }
        catch (CwmpFormatException)
        {
            throw;
        }
        catch (XmlException ex)
        {
            throw Classify(ex, utf8.Span, cursor);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            // ArgumentException covers DecoderFallbackException: bytes that are not valid in the declared encoding.
            throw new CwmpFormatException(CwmpErrorKind.MalformedXml, $"unreadable envelope: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a body of at most <see cref="CwmpReaderOptions.MaxBodyBytes"/> from a stream and parses it.</summary>
    /// <remarks>At most MaxBodyBytes + 1 bytes are read, into buffers rented from <see cref="ArrayPool{T}.Shared"/>;
    /// I/O errors and cancellation of <paramref name="body"/> propagate unchanged.</remarks>
    /// <exception cref="CwmpFormatException">Too large, or not a readable CWMP envelope.</exception>
    public static async ValueTask<CwmpEnvelope> ReadAsync(Stream body, CwmpReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        options ??= CwmpReaderOptions.Default;
        var limit = options.MaxBodyBytes;
        if (body.CanSeek && body.Length - body.Position > limit)
        {
            throw TooLarge(options);
        }

        // One byte beyond the limit tells "exactly at the limit" from "over it" without reading the rest.
        var cap = (int)Math.Min((long)limit + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(cap, InitialBufferBytes));
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length >= cap)
                    {
                        break;
                    }
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, cap) - total), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (total > limit)
                {
                    throw TooLarge(options);
                }
                if (total == cap)
                {
                    break;
                }
            }
            return Read(buffer.AsMemory(0, total), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CwmpFormatException TooLarge(CwmpReaderOptions options)
        => new(CwmpErrorKind.TooLarge, $"the body is larger than the limit of {options.MaxBodyBytes} bytes");

    private static MemoryStream AsStream(ReadOnlyMemory<byte> utf8)
        => MemoryMarshal.TryGetArray(utf8, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(utf8.ToArray(), writable: false);

    private static CwmpFormatException Classify(XmlException ex, ReadOnlySpan<byte> utf8, XmlCursor? cursor)
    {
        // XmlReader refuses a DTD with a generic XmlException. A DOCTYPE can only stand before the root element,
        // so a failure there in a document that has one is the DTD being refused.
        var dtd = cursor is not { PastProlog: true } && utf8.IndexOf("<!DOCTYPE"u8) >= 0;
        return dtd
            ? new CwmpFormatException(CwmpErrorKind.DtdProhibited, $"DTDs and entity declarations are not accepted: {ex.Message}", ex)
            : new CwmpFormatException(CwmpErrorKind.MalformedXml, $"malformed XML: {ex.Message}", ex);
    }
}
