namespace TR069Acs.Cwmp;

/// <summary>A SOAP Fault whose detail is a cwmp:Fault (TR-069 A.5). Codes 8000-8899 come from the ACS,
/// 9000-9899 from the CPE; a 9003 from SetParameterValues lists the offending parameters.</summary>
public sealed record CwmpFault(int FaultCode, string FaultString, IReadOnlyList<SetParameterValuesFault> SetParameterValuesFaults)
    : CwmpMessage
{
    public CwmpFault(int faultCode, string faultString) : this(faultCode, faultString, []) { }

    public override string ElementName => "Fault";

    /// <summary>SOAP faultcode per the Type column of TR-069 Tables 130/131: "Client" for the argument errors
    /// (8003, 9003, 9005-9008), "Server" for every other code.</summary>
    public string SoapFaultCode => FaultCode is 8003 or 9003 or (>= 9005 and <= 9008) ? "Client" : "Server";
}

/// <summary>A body element the codec does not know. The ACS answers it with fault 8000; the CPE with 9000.</summary>
public sealed record UnknownMethod(string Name) : CwmpMessage
{
    public override string ElementName => Name;
}
