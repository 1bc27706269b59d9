namespace TR069Acs.Cwmp;

// Argument order is TR-069 Annex A's, section by section.
public static partial class CwmpWriter
{
    // A.3.3.1
    private static void WriteInform(WireWriter w, Inform m)
    {
        w.Start("DeviceId");
        w.String("Manufacturer", m.DeviceId.Manufacturer);
        w.String("OUI", m.DeviceId.Oui);
        w.String("ProductClass", m.DeviceId.ProductClass);
        w.String("SerialNumber", m.DeviceId.SerialNumber);
        w.End();

        w.StartArray("Event", "cwmp:EventStruct[", m.Events.Count);
        for (var i = 0; i < m.Events.Count; i++)
        {
            var e = m.Events[i];
            w.Start("EventStruct");
            w.String("EventCode", e.EventCode);
            w.String("CommandKey", e.CommandKey);
            w.End();
        }
        w.End();

        w.Int("MaxEnvelopes", m.MaxEnvelopes);
        w.DateTime("CurrentTime", m.CurrentTime);
        w.Int("RetryCount", m.RetryCount);
        WriteParameterValueList(w, m.ParameterList);
    }

    // A.3.3.2
    private static void WriteTransferComplete(WireWriter w, TransferComplete m)
    {
        w.String("CommandKey", m.CommandKey);
        WriteFaultStruct(w, m.Fault);
        w.DateTime("StartTime", m.StartTime);
        w.DateTime("CompleteTime", m.CompleteTime);
    }

    // A.3.3.3
    private static void WriteAutonomousTransferComplete(WireWriter w, AutonomousTransferComplete m)
    {
        w.String("AnnounceURL", m.AnnounceUrl);
        w.String("TransferURL", m.TransferUrl);
        w.Bool("IsDownload", m.IsDownload);
        w.String("FileType", m.FileType);
        w.Int("FileSize", m.FileSize);
        w.String("TargetFileName", m.TargetFileName);
        WriteFaultStruct(w, m.Fault);
        w.DateTime("StartTime", m.StartTime);
        w.DateTime("CompleteTime", m.CompleteTime);
    }

    // A.4.2.2
    private static void WriteRequestDownload(WireWriter w, RequestDownload m)
    {
        w.String("FileType", m.FileType);
        w.StartArray("FileTypeArg", "cwmp:ArgStruct[", m.FileTypeArg.Count);
        for (var i = 0; i < m.FileTypeArg.Count; i++)
        {
            w.Start("ArgStruct");
            w.String("Name", m.FileTypeArg[i].Name);
            w.String("Value", m.FileTypeArg[i].Value);
            w.End();
        }
        w.End();
    }

    private static void WriteFaultStruct(WireWriter w, FaultStruct fault)
    {
        w.Start("FaultStruct");
        w.Int("FaultCode", fault.FaultCode);
        w.String("FaultString", fault.FaultString);
        w.End();
    }

    private static void WriteParameterValueList(WireWriter w, IReadOnlyList<ParameterValue> list)
    {
        var xml = w.Xml;
        w.StartArray("ParameterList", "cwmp:ParameterValueStruct[", list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            w.Start("ParameterValueStruct");
            w.String("Name", p.Name);
            xml.WriteStartElement("Value");
            xml.WriteAttributeString(WireWriter.Prefixes.Xsi, "type", CwmpNamespaces.Xsi, p.Type);
            xml.WriteString(p.Value);
            xml.WriteFullEndElement();
            w.End();
        }
        w.End();
    }
}
