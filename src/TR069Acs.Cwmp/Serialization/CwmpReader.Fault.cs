namespace TR069Acs.Cwmp;

public static partial class CwmpReader
{
    // TR-069 A.5: soap-env:Fault { faultcode, faultstring, detail { cwmp:Fault { FaultCode, FaultString,
    // SetParameterValuesFault* } } }. The SOAP faultcode/faultstring are generic; the cwmp detail carries the meaning.
    private static CwmpFault ReadFault(XmlCursor c, ref CwmpVersion? version)
    {
        if (c.NamespaceUri != CwmpNamespaces.Soap)
        {
            // Some stacks put the cwmp:Fault straight into the Body without the SOAP wrapper.
            return ReadCwmpFaultDetail(c);
        }
        CwmpFault? fault = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (c.LocalName != "detail")
            {
                c.Skip();
                continue;
            }
            for (var dd = c.EnterChildren(); c.NextChild(dd);)
            {
                if (fault is null && c.LocalName == "Fault")
                {
                    if (CwmpNamespaces.TryGetVersion(c.NamespaceUri, out var v))
                    {
                        version = v;
                    }
                    fault = ReadCwmpFaultDetail(c);
                }
                else
                {
                    c.Skip();
                }
            }
        }
        return fault ?? throw c.Missing("the SOAP Fault", "detail/cwmp:Fault");
    }

    private static CwmpFault ReadCwmpFaultDetail(XmlCursor c)
    {
        int? code = null;
        var text = "";
        List<SetParameterValuesFault>? parameterFaults = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "FaultCode": code = c.ReadInt("Fault/FaultCode"); break;
                case "FaultString": text = c.ReadString(); break;
                case "SetParameterValuesFault": (parameterFaults ??= []).Add(ReadSetParameterValuesFault(c)); break;
                default: c.Skip(); break;
            }
        }
        return new CwmpFault(code ?? throw c.Missing("cwmp:Fault", "FaultCode"), text, parameterFaults ?? (IReadOnlyList<SetParameterValuesFault>)[]);
    }
}
