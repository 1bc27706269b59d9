using System.Buffers;
using System.Text;
using System.Xml;
using static TR069Acs.Cwmp.WireWriter;

namespace TR069Acs.Cwmp;

/// <summary>Writes CWMP SOAP envelopes with the conventional prefixes (soap-env, soap-enc, xsd, xsi, cwmp).</summary>
/// <remarks>
/// Every prefix is declared once on the Envelope and the RPC element is written in the cwmp namespace of
/// <see cref="CwmpEnvelope.Version"/> (the one the CPE used), so the output reads
/// <c>&lt;soap-env:Envelope … xmlns:cwmp="urn:dslforum-org:cwmp-1-0"&gt;…&lt;cwmp:InformResponse&gt;</c>: the literal
/// text independent CPE stacks search for. Argument elements are unqualified and in TR-069 Annex A order.
/// </remarks>
public static partial class CwmpWriter
{
    // A periodic Inform with 20 parameters is ~2.5 KB; answers from the ACS are far smaller.
    private const int InitialArrayBytes = 4096;

    private static readonly XmlWriterSettings _settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CloseOutput = false,
        // Control characters from CPE values are written as character references rather than refused.
        CheckCharacters = false,
        // Keeps a CR inside a value a CR on the other side (&#xD;), where plain text would be normalised away.
        NewLineHandling = NewLineHandling.Entitize,
    };

    /// <summary>Writes <paramref name="envelope"/> as UTF-8 (no BOM) to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The body is a message type this writer does not know, or a string holds a
    /// lone surrogate (not representable in XML).</exception>
    public static void Write(CwmpEnvelope envelope, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new BufferWriterStream(output);
        using (var xml = XmlWriter.Create(stream, _settings))
        {
            WriteEnvelope(new WireWriter(xml), envelope);
        }
    }

    /// <summary>Writes <paramref name="envelope"/> to a new array.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Write"/>.</exception>
    public static byte[] WriteToArray(CwmpEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(InitialArrayBytes);
        Write(envelope, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEnvelope(WireWriter w, CwmpEnvelope envelope)
    {
        var xml = w.Xml;
        var cwmp = CwmpNamespaces.For(envelope.Version);
        xml.WriteStartDocument();
        xml.WriteStartElement(Prefixes.SoapEnvelope, "Envelope", CwmpNamespaces.Soap);
        xml.WriteAttributeString("xmlns", Prefixes.SoapEnvelope, null, CwmpNamespaces.Soap);
        xml.WriteAttributeString("xmlns", Prefixes.SoapEncoding, null, CwmpNamespaces.SoapEncoding);
        xml.WriteAttributeString("xmlns", Prefixes.Xsd, null, CwmpNamespaces.Xsd);
        xml.WriteAttributeString("xmlns", Prefixes.Xsi, null, CwmpNamespaces.Xsi);
        xml.WriteAttributeString("xmlns", Prefixes.Cwmp, null, cwmp);

        WriteHeader(xml, envelope.Header, cwmp);

        xml.WriteStartElement(Prefixes.SoapEnvelope, "Body", CwmpNamespaces.Soap);
        WriteBody(w, envelope.Body, cwmp);
        xml.WriteFullEndElement();

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    // TR-069 A.3.1 Table 6: ID, HoldRequests and UseCWMPVersion carry mustUnderstand="1"; SessionTimeout and
    // SupportedCWMPVersions carry "0". The Header is left out when nothing is in it.
    private static void WriteHeader(XmlWriter xml, CwmpHeader header, string cwmp)
    {
        if (header.Id is null && header.HoldRequests is null && header.SessionTimeout is null
            && header.SupportedCwmpVersions is null && header.UseCwmpVersion is null)
        {
            return;
        }
        xml.WriteStartElement(Prefixes.SoapEnvelope, "Header", CwmpNamespaces.Soap);
        if (header.Id is { } id)
        {
            WriteHeaderElement(xml, "ID", cwmp, mustUnderstand: true, id);
        }
        if (header.HoldRequests is { } hold)
        {
            WriteHeaderElement(xml, "HoldRequests", cwmp, mustUnderstand: true, hold ? "1" : "0");
        }
        if (header.SessionTimeout is { } timeout)
        {
            WriteHeaderElement(xml, "SessionTimeout", cwmp, mustUnderstand: false, timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (header.SupportedCwmpVersions is { } supported)
        {
            WriteHeaderElement(xml, "SupportedCWMPVersions", cwmp, mustUnderstand: false, supported);
        }
        if (header.UseCwmpVersion is { } use)
        {
            WriteHeaderElement(xml, "UseCWMPVersion", cwmp, mustUnderstand: true, use);
        }
        xml.WriteFullEndElement();
    }

    private static void WriteHeaderElement(XmlWriter xml, string name, string cwmp, bool mustUnderstand, string value)
    {
        xml.WriteStartElement(Prefixes.Cwmp, name, cwmp);
        xml.WriteAttributeString(Prefixes.SoapEnvelope, "mustUnderstand", CwmpNamespaces.Soap, mustUnderstand ? "1" : "0");
        xml.WriteString(value);
        xml.WriteFullEndElement();
    }
}
