namespace TR069Acs.Cwmp;

/// <summary>A CWMP protocol version. The wire namespace is what the CPE used; see <see cref="CwmpNamespaces"/>.</summary>
public enum CwmpVersion
{
    V1_0 = 0,
    V1_1 = 1,
    V1_2 = 2,
    V1_3 = 3,
    V1_4 = 4,
}

/// <summary>The CWMP namespaces found in the wild and how they map to versions.</summary>
public static class CwmpNamespaces
{
    public const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string SoapEncoding = "http://schemas.xmlsoap.org/soap/encoding/";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema";
    public const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public const string Cwmp10 = "urn:dslforum-org:cwmp-1-0";
    public const string Cwmp11 = "urn:dslforum-org:cwmp-1-1";
    public const string Cwmp12 = "urn:dslforum-org:cwmp-1-2";

    // TR-069 Amendment 5/6 keep cwmp-1-2 for CWMP 1.3 and 1.4, but some CPE stacks send these anyway.
    public const string Cwmp13 = "urn:dslforum-org:cwmp-1-3";
    public const string Cwmp14 = "urn:dslforum-org:cwmp-1-4";

    /// <summary>Returns the version a CWMP namespace URI stands for, or false when it is not a CWMP namespace.</summary>
    public static bool TryGetVersion(string? ns, out CwmpVersion version)
    {
        switch (ns)
        {
            case Cwmp10: version = CwmpVersion.V1_0; return true;
            case Cwmp11: version = CwmpVersion.V1_1; return true;
            case Cwmp12: version = CwmpVersion.V1_2; return true;
            case Cwmp13: version = CwmpVersion.V1_3; return true;
            case Cwmp14: version = CwmpVersion.V1_4; return true;
            default: version = default; return false;
        }
    }

    /// <summary>The namespace URI a message of <paramref name="version"/> is written in.</summary>
    public static string For(CwmpVersion version) => version switch
    {
        CwmpVersion.V1_0 => Cwmp10,
        CwmpVersion.V1_1 => Cwmp11,
        CwmpVersion.V1_2 => Cwmp12,
        CwmpVersion.V1_3 => Cwmp13,
        CwmpVersion.V1_4 => Cwmp14,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };
}
