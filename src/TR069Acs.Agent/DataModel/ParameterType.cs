namespace TR069Acs.Agent.DataModel;

/// <summary>The TR-069 data types a parameter can have (TR-106 Table 4).</summary>
internal enum ParameterType
{
    String,
    Int,
    UnsignedInt,
    Long,
    UnsignedLong,
    Boolean,
    DateTime,
    Base64,
}

/// <summary>xsi:type names of <see cref="ParameterType"/>.</summary>
internal static class ParameterTypes
{
    /// <summary>The xsi:type written for values of <paramref name="type"/>, e.g. <c>xsd:unsignedInt</c>.</summary>
    public static string ToXsd(ParameterType type) => type switch
    {
        ParameterType.String => "xsd:string",
        ParameterType.Int => "xsd:int",
        ParameterType.UnsignedInt => "xsd:unsignedInt",
        ParameterType.Long => "xsd:long",
        ParameterType.UnsignedLong => "xsd:unsignedLong",
        ParameterType.Boolean => "xsd:boolean",
        ParameterType.DateTime => "xsd:dateTime",
        ParameterType.Base64 => "xsd:base64",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses an xsi:type as an ACS writes it; the prefix is ignored (<c>xsd:int</c>, <c>xs:int</c>, <c>int</c>).
    /// <c>base64Binary</c> is the XML Schema spelling of base64.</summary>
    public static bool TryParse(string? xsiType, out ParameterType type)
    {
        var local = xsiType.AsSpan();
        var colon = local.IndexOf(':');
        if (colon >= 0)
        {
            local = local[(colon + 1)..];
        }
        switch (local)
        {
            case "string": type = ParameterType.String; return true;
            case "int": type = ParameterType.Int; return true;
            case "unsignedInt": type = ParameterType.UnsignedInt; return true;
            case "long": type = ParameterType.Long; return true;
            case "unsignedLong": type = ParameterType.UnsignedLong; return true;
            case "boolean": type = ParameterType.Boolean; return true;
            case "dateTime": type = ParameterType.DateTime; return true;
            case "base64" or "base64Binary": type = ParameterType.Base64; return true;
            default: type = default; return false;
        }
    }

    /// <summary>True for the integer types, which an ACS commonly mixes up (xsd:int for an unsignedInt).</summary>
    public static bool IsInteger(ParameterType type)
        => type is ParameterType.Int or ParameterType.UnsignedInt or ParameterType.Long or ParameterType.UnsignedLong;
}
