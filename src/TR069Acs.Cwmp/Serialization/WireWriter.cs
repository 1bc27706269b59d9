using System.Globalization;
using System.Xml;

namespace TR069Acs.Cwmp;

/// <summary>The element shapes CWMP messages are made of, written without intermediate strings: numbers and
/// dates are formatted into a scratch buffer, element names are literals.</summary>
/// <remarks>Elements are closed with full end tags (<c>&lt;CommandKey&gt;&lt;/CommandKey&gt;</c>), never
/// <c>&lt;CommandKey /&gt;</c>: CPE stacks that match strings handle the long form, not always the short one.</remarks>
internal sealed class WireWriter(XmlWriter xml)
{
    private readonly XmlWriter _xml = xml;
    private readonly char[] _scratch = new char[CwmpValues.MaxDateTimeChars + 4];

    public XmlWriter Xml => _xml;

    public void Start(string name) => _xml.WriteStartElement(name);

    public void End() => _xml.WriteFullEndElement();

    public void String(string name, string value)
    {
        _xml.WriteStartElement(name);
        _xml.WriteString(value);
        _xml.WriteFullEndElement();
    }

    public void Int(string name, long value)
    {
        _xml.WriteStartElement(name);
        value.TryFormat(_scratch, out var n, default, CultureInfo.InvariantCulture);
        _xml.WriteChars(_scratch, 0, n);
        _xml.WriteFullEndElement();
    }

    // TR-069 A.2.1 allows "0"/"1" and "false"/"true"; every CPE stack reads the digits.
    public void Bool(string name, bool value) => String(name, value ? "1" : "0");

    public void DateTime(string name, DateTimeOffset value)
    {
        _xml.WriteStartElement(name);
        CwmpValues.TryFormatDateTime(value, _scratch, out var n);
        _xml.WriteChars(_scratch, 0, n);
        _xml.WriteFullEndElement();
    }

    /// <summary>Starts a soap-enc array; <paramref name="itemTypeAndBracket"/> is e.g. "cwmp:EventStruct[".</summary>
    public void StartArray(string name, string itemTypeAndBracket, int count)
    {
        _xml.WriteStartElement(name);
        _xml.WriteStartAttribute(Prefixes.SoapEncoding, "arrayType", CwmpNamespaces.SoapEncoding);
        _xml.WriteString(itemTypeAndBracket);
        count.TryFormat(_scratch, out var n, default, CultureInfo.InvariantCulture);
        _scratch[n++] = ']';
        _xml.WriteChars(_scratch, 0, n);
        _xml.WriteEndAttribute();
    }

    /// <summary>An array of xsd:string entries, each in an element named "string" (TR-069 A.2.1).</summary>
    public void StringArray(string name, IReadOnlyList<string> values)
    {
        StartArray(name, "xsd:string[", values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            String("string", values[i]);
        }
        End();
    }

    /// <summary>The conventional prefixes that independent CPE stacks look for literally.</summary>
    public static class Prefixes
    {
        public const string SoapEnvelope = "soap-env";
        public const string SoapEncoding = "soap-enc";
        public const string Xsd = "xsd";
        public const string Xsi = "xsi";
        public const string Cwmp = "cwmp";
    }
}
