using static TR069Acs.Cwmp.WireWriter;

namespace TR069Acs.Cwmp;

public static partial class CwmpWriter
{
    private static void WriteBody(WireWriter w, CwmpMessage message, string cwmp)
    {
        if (message is CwmpFault fault)
        {
            WriteFault(w, fault, cwmp);
            return;
        }

        w.Xml.WriteStartElement(Prefixes.Cwmp, message.ElementName, cwmp);
        switch (message)
        {
            case Inform m: WriteInform(w, m); break;
            case InformResponse m: w.Int("MaxEnvelopes", m.MaxEnvelopes); break;
            case TransferComplete m: WriteTransferComplete(w, m); break;
            case AutonomousTransferComplete m: WriteAutonomousTransferComplete(w, m); break;
            case RequestDownload m: WriteRequestDownload(w, m); break;
            case GetRPCMethodsResponse m: w.StringArray("MethodList", m.MethodList); break;
            case GetParameterNames m: WriteGetParameterNames(w, m); break;
            case GetParameterNamesResponse m: WriteGetParameterNamesResponse(w, m); break;
            case GetParameterValues m: w.StringArray("ParameterNames", m.ParameterNames); break;
            case GetParameterValuesResponse m: WriteParameterValueList(w, m.ParameterList); break;
            case SetParameterValues m: WriteSetParameterValues(w, m); break;
            case SetParameterValuesResponse m: w.Int("Status", m.Status); break;
            case GetParameterAttributes m: w.StringArray("ParameterNames", m.ParameterNames); break;
            case GetParameterAttributesResponse m: WriteGetParameterAttributesResponse(w, m); break;
            case SetParameterAttributes m: WriteSetParameterAttributes(w, m); break;
            case AddObject m: WriteObjectArguments(w, m.ObjectName, m.ParameterKey); break;
            case AddObjectResponse m: WriteAddObjectResponse(w, m); break;
            case DeleteObject m: WriteObjectArguments(w, m.ObjectName, m.ParameterKey); break;
            case DeleteObjectResponse m: w.Int("Status", m.Status); break;
            case Reboot m: w.String("CommandKey", m.CommandKey); break;
            case Download m: WriteDownload(w, m); break;
            case DownloadResponse m: WriteTransferResponse(w, m.Status, m.StartTime, m.CompleteTime); break;
            case Upload m: WriteUpload(w, m); break;
            case UploadResponse m: WriteTransferResponse(w, m.Status, m.StartTime, m.CompleteTime); break;
            case ScheduleInform m: WriteScheduleInform(w, m); break;
            case TransferCompleteResponse or AutonomousTransferCompleteResponse or RequestDownloadResponse or GetRPCMethods
                or SetParameterAttributesResponse or RebootResponse or FactoryReset or FactoryResetResponse
                or ScheduleInformResponse or UnknownMethod:
                // No arguments.
                break;
            default:
                throw new ArgumentException($"CwmpWriter cannot write a {message.GetType().Name}.", nameof(message));
        }
        w.End();
    }

    // TR-069 A.5: the SOAP fault wrapper is generic ("Client"/"Server", "CWMP fault"); the detail carries the code.
    private static void WriteFault(WireWriter w, CwmpFault fault, string cwmp)
    {
        var xml = w.Xml;
        xml.WriteStartElement(Prefixes.SoapEnvelope, "Fault", CwmpNamespaces.Soap);
        w.String("faultcode", fault.SoapFaultCode);
        w.String("faultstring", "CWMP fault");
        w.Start("detail");
        xml.WriteStartElement(Prefixes.Cwmp, "Fault", cwmp);
        w.Int("FaultCode", fault.FaultCode);
        w.String("FaultString", fault.FaultString);
        var parameterFaults = fault.SetParameterValuesFaults;
        for (var i = 0; i < parameterFaults.Count; i++)
        {
            var p = parameterFaults[i];
            w.Start("SetParameterValuesFault");
            w.String("ParameterName", p.ParameterName);
            w.Int("FaultCode", p.FaultCode);
            w.String("FaultString", p.FaultString);
            w.End();
        }
        w.End();
        w.End();
        w.End();
    }
}
