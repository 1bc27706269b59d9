namespace TR069Acs.Cwmp;

public static partial class CwmpReader
{
    private const string XsdString = "xsd:string";

    /// <summary>The xsi:type of a ParameterValueStruct Value, spelt with the conventional prefixes.</summary>
    /// <remarks>Missing means <c>xsd:string</c> (TR-069 A.2.1 makes string the default). A type in the XML Schema or a
    /// cwmp namespace under another prefix ("xs:int") is respelt "xsd:int" / "cwmp:…"; anything else, including
    /// unknown types such as "xsd:foo" or "cwmp:Foo", is kept verbatim.</remarks>
    private static string ReadXsiType(XmlCursor c)
    {
        var type = c.GetAttribute("type", CwmpNamespaces.Xsi);
        if (type is null)
        {
            return XsdString;
        }
        var colon = type.IndexOf(':');
        if (colon <= 0)
        {
            return type;
        }
        if (colon == 3 && type.StartsWith("xsd:", StringComparison.Ordinal) && c.LookupNamespace("xsd") == CwmpNamespaces.Xsd)
        {
            return Canonical(type);
        }
        var ns = c.LookupNamespace(type[..colon]);
        if (ns == CwmpNamespaces.Xsd)
        {
            return Canonical(string.Concat("xsd:", type.AsSpan(colon + 1)));
        }
        return CwmpNamespaces.TryGetVersion(ns, out _) ? string.Concat("cwmp:", type.AsSpan(colon + 1)) : type;
    }

    // Shares one string instance per common type across the many values of a large GetParameterValuesResponse.
    private static string Canonical(string type) => type switch
    {
        XsdString => XsdString,
        "xsd:int" => "xsd:int",
        "xsd:unsignedInt" => "xsd:unsignedInt",
        "xsd:long" => "xsd:long",
        "xsd:unsignedLong" => "xsd:unsignedLong",
        "xsd:boolean" => "xsd:boolean",
        "xsd:dateTime" => "xsd:dateTime",
        "xsd:base64Binary" => "xsd:base64Binary",
        "xsd:base64" => "xsd:base64",
        "xsd:hexBinary" => "xsd:hexBinary",
        _ => type,
    };
}
