namespace TR069Acs.Cwmp;

// The ACS-to-CPE methods (TR-069 A.3.2, A.4.1) and the CPE's answers to them. Arguments that decide what the
// CPE does (object names, URLs, response Status) are required; the rest default as an empty element would.
public static partial class CwmpReader
{
    private static GetParameterNames ReadGetParameterNames(XmlCursor c)
    {
        var path = "";
        var nextLevel = false;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "ParameterPath": path = c.ReadString().Trim(); break;
                case "NextLevel": nextLevel = c.ReadBool("GetParameterNames/NextLevel"); break;
                default: c.Skip(); break;
            }
        }
        return new GetParameterNames(path, nextLevel);
    }

    private static SetParameterValues ReadSetParameterValues(XmlCursor c)
    {
        IReadOnlyList<ParameterValue> list = [];
        var parameterKey = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "ParameterList": list = ReadParameterValueList(c); break;
                case "ParameterKey": parameterKey = c.ReadString(); break;
                default: c.Skip(); break;
            }
        }
        return new SetParameterValues(list, parameterKey);
    }

    private static int ReadStatusOnly(XmlCursor c, string message)
    {
        int? status = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (c.LocalName == "Status")
            {
                status = c.ReadInt(message + "/Status");
            }
            else
            {
                c.Skip();
            }
        }
        return status ?? throw c.Missing(message, "Status");
    }

    private static AddObject ReadAddObject(XmlCursor c)
    {
        var (objectName, parameterKey) = ReadObjectArguments(c, "AddObject");
        return new AddObject(objectName, parameterKey);
    }

    private static DeleteObject ReadDeleteObject(XmlCursor c)
    {
        var (objectName, parameterKey) = ReadObjectArguments(c, "DeleteObject");
        return new DeleteObject(objectName, parameterKey);
    }

    private static (string ObjectName, string ParameterKey) ReadObjectArguments(XmlCursor c, string message)
    {
        string? objectName = null;
        var parameterKey = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "ObjectName": objectName = c.ReadString().Trim(); break;
                case "ParameterKey": parameterKey = c.ReadString(); break;
                default: c.Skip(); break;
            }
        }
        return (objectName ?? throw c.Missing(message, "ObjectName"), parameterKey);
    }

    private static AddObjectResponse ReadAddObjectResponse(XmlCursor c)
    {
        uint? instance = null;
        int? status = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "InstanceNumber": instance = c.ReadUInt("AddObjectResponse/InstanceNumber"); break;
                case "Status": status = c.ReadInt("AddObjectResponse/Status"); break;
                default: c.Skip(); break;
            }
        }
        return new AddObjectResponse(
            instance ?? throw c.Missing("AddObjectResponse", "InstanceNumber"),
            status ?? throw c.Missing("AddObjectResponse", "Status"));
    }

    private static string ReadCommandKeyOnly(XmlCursor c)
    {
        var commandKey = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (c.LocalName == "CommandKey")
            {
                commandKey = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }
        return commandKey;
    }

    private static Download ReadDownload(XmlCursor c)
    {
        string commandKey = "", username = "", password = "", targetFileName = "", successUrl = "", failureUrl = "";
        string? fileType = null, url = null;
        var fileSize = 0L;
        var delay = 0;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "CommandKey": commandKey = c.ReadString(); break;
                case "FileType": fileType = c.ReadString(); break;
                case "URL": url = c.ReadString().Trim(); break;
                case "Username": username = c.ReadString(); break;
                case "Password": password = c.ReadString(); break;
                case "FileSize": fileSize = c.ReadLong("Download/FileSize"); break;
                case "TargetFileName": targetFileName = c.ReadString(); break;
                case "DelaySeconds": delay = c.ReadInt("Download/DelaySeconds"); break;
                case "SuccessURL": successUrl = c.ReadString().Trim(); break;
                case "FailureURL": failureUrl = c.ReadString().Trim(); break;
                default: c.Skip(); break;
            }
        }
        return new Download(commandKey, fileType ?? throw c.Missing("Download", "FileType"), url ?? throw c.Missing("Download", "URL"),
            username, password, fileSize, targetFileName, delay, successUrl, failureUrl);
    }

    private static Upload ReadUpload(XmlCursor c)
    {
        string commandKey = "", username = "", password = "";
        string? fileType = null, url = null;
        var delay = 0;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "CommandKey": commandKey = c.ReadString(); break;
                case "FileType": fileType = c.ReadString(); break;
                case "URL": url = c.ReadString().Trim(); break;
                case "Username": username = c.ReadString(); break;
                case "Password": password = c.ReadString(); break;
                case "DelaySeconds": delay = c.ReadInt("Upload/DelaySeconds"); break;
                default: c.Skip(); break;
            }
        }
        return new Upload(commandKey, fileType ?? throw c.Missing("Upload", "FileType"), url ?? throw c.Missing("Upload", "URL"),
            username, password, delay);
    }

    // DownloadResponse and UploadResponse share their shape (TR-069 A.3.2.8, A.4.1.5).
    private static T ReadTransferResponse<T>(XmlCursor c, string message, Func<int, DateTimeOffset, DateTimeOffset, T> create)
    {
        int? status = null;
        DateTimeOffset start = DateTimeOffset.MinValue, complete = DateTimeOffset.MinValue;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "Status": status = c.ReadInt(message + "/Status"); break;
                case "StartTime": start = c.ReadDateTime(message + "/StartTime"); break;
                case "CompleteTime": complete = c.ReadDateTime(message + "/CompleteTime"); break;
                default: c.Skip(); break;
            }
        }
        return create(status ?? throw c.Missing(message, "Status"), start, complete);
    }

    private static ScheduleInform ReadScheduleInform(XmlCursor c)
    {
        uint? delay = null;
        var commandKey = "";
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "DelaySeconds": delay = c.ReadUInt("ScheduleInform/DelaySeconds"); break;
                case "CommandKey": commandKey = c.ReadString(); break;
                default: c.Skip(); break;
            }
        }
        return new ScheduleInform(delay ?? throw c.Missing("ScheduleInform", "DelaySeconds"), commandKey);
    }
}
