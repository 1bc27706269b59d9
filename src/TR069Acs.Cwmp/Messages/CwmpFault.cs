namespace TR069Acs.Cwmp;

/// <summary>A SOAP Fault whose detail is a cwmp:Fault (TR-069 A.5). Codes 8000-8899 come from the ACS,
/// 9000-9899 from the CPE; a 9003 from SetParameterValues lists the offending parameters.</summary>
public sealed record CwmpFault(int FaultCode, string FaultString, IReadOnlyList<SetParameterValuesFault> SetParameterValuesFaults)
    : CwmpMessage
{
    public CwmpFault(int faultCode, string faultString) : this(faultCode, faultString, []) { }

    public override string ElementName => "Fault";

    /// <summary>SOAP faultcode: "Client" for request errors (8000-8005, 9000-9019 except 9002), otherwise "Server".</summary>
    public string SoapFaultCode => FaultCode is 8002 or 9002 ? "Server" : "Client";
}

/// <summary>A body element the codec does not know. The ACS answers it with fault 8000; the CPE with 9000.</summary>
public sealed record UnknownMethod(string Name) : CwmpMessage
{
    public override string ElementName => Name;
}
