namespace TR069Acs.Cwmp;

// The ACS-to-CPE methods and their responses, in TR-069 Annex A argument order.
public static partial class CwmpWriter
{
    // A.3.2.3
    private static void WriteGetParameterNames(WireWriter w, GetParameterNames m)
    {
        w.String("ParameterPath", m.ParameterPath);
        w.Bool("NextLevel", m.NextLevel);
    }

    private static void WriteGetParameterNamesResponse(WireWriter w, GetParameterNamesResponse m)
    {
        w.StartArray("ParameterList", "cwmp:ParameterInfoStruct[", m.ParameterList.Count);
        for (var i = 0; i < m.ParameterList.Count; i++)
        {
            w.Start("ParameterInfoStruct");
            w.String("Name", m.ParameterList[i].Name);
            w.Bool("Writable", m.ParameterList[i].Writable);
            w.End();
        }
        w.End();
    }

    // A.3.2.1
    private static void WriteSetParameterValues(WireWriter w, SetParameterValues m)
    {
        WriteParameterValueList(w, m.ParameterList);
        w.String("ParameterKey", m.ParameterKey);
    }

    // A.3.2.5
    private static void WriteGetParameterAttributesResponse(WireWriter w, GetParameterAttributesResponse m)
    {
        w.StartArray("ParameterList", "cwmp:ParameterAttributeStruct[", m.ParameterList.Count);
        for (var i = 0; i < m.ParameterList.Count; i++)
        {
            var a = m.ParameterList[i];
            w.Start("ParameterAttributeStruct");
            w.String("Name", a.Name);
            w.Int("Notification", a.Notification);
            w.StringArray("AccessList", a.AccessList);
            w.End();
        }
        w.End();
    }

    // A.3.2.4
    private static void WriteSetParameterAttributes(WireWriter w, SetParameterAttributes m)
    {
        w.StartArray("ParameterList", "cwmp:SetParameterAttributesStruct[", m.ParameterList.Count);
        for (var i = 0; i < m.ParameterList.Count; i++)
        {
            var a = m.ParameterList[i];
            w.Start("SetParameterAttributesStruct");
            w.String("Name", a.Name);
            w.Bool("NotificationChange", a.NotificationChange);
            w.Int("Notification", a.Notification);
            w.Bool("AccessListChange", a.AccessListChange);
            w.StringArray("AccessList", a.AccessList);
            w.End();
        }
        w.End();
    }

    // A.3.2.6 / A.3.2.7
    private static void WriteObjectArguments(WireWriter w, string objectName, string parameterKey)
    {
        w.String("ObjectName", objectName);
        w.String("ParameterKey", parameterKey);
    }

    private static void WriteAddObjectResponse(WireWriter w, AddObjectResponse m)
    {
        w.Int("InstanceNumber", m.InstanceNumber);
        w.Int("Status", m.Status);
    }

    // A.3.2.8
    private static void WriteDownload(WireWriter w, Download m)
    {
        w.String("CommandKey", m.CommandKey);
        w.String("FileType", m.FileType);
        w.String("URL", m.Url);
        w.String("Username", m.Username);
        w.String("Password", m.Password);
        w.Int("FileSize", m.FileSize);
        w.String("TargetFileName", m.TargetFileName);
        w.Int("DelaySeconds", m.DelaySeconds);
        w.String("SuccessURL", m.SuccessUrl);
        w.String("FailureURL", m.FailureUrl);
    }

    // A.4.1.5
    private static void WriteUpload(WireWriter w, Upload m)
    {
        w.String("CommandKey", m.CommandKey);
        w.String("FileType", m.FileType);
        w.String("URL", m.Url);
        w.String("Username", m.Username);
        w.String("Password", m.Password);
        w.Int("DelaySeconds", m.DelaySeconds);
    }

    // DownloadResponse and UploadResponse: Status 1 means a TransferComplete follows and the times are the unknown time.
    private static void WriteTransferResponse(WireWriter w, int status, DateTimeOffset start, DateTimeOffset complete)
    {
        w.Int("Status", status);
        w.DateTime("StartTime", start);
        w.DateTime("CompleteTime", complete);
    }

    // A.4.1.4
    private static void WriteScheduleInform(WireWriter w, ScheduleInform m)
    {
        w.Int("DelaySeconds", m.DelaySeconds);
        w.String("CommandKey", m.CommandKey);
    }
}
