namespace TR069Acs.Cwmp;

// The CPE-to-ACS methods (TR-069 A.3.3, A.4.2) and the ACS's answers to them.
public static partial class CwmpReader
{
    private static Inform ReadInform(XmlCursor c)
    {
        DeviceId? deviceId = null;
        IReadOnlyList<EventStruct> events = [];
        IReadOnlyList<ParameterValue> parameters = [];
        var maxEnvelopes = 1;
        var currentTime = DateTimeOffset.MinValue;
        var retryCount = 0;
        string? unreadableTime = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "DeviceId": deviceId = ReadDeviceId(c); break;
                case "Event": events = ReadArray(c, ReadEventStruct, c.Options.MaxInformEvents, "Inform/Event", "TR-069 A.3.3.1, EventStruct[64]"); break;
                case "MaxEnvelopes": maxEnvelopes = c.ReadInt("Inform/MaxEnvelopes"); break;
                case "CurrentTime":
                    // Informational only: a CPE with a broken clock or formatter still gets its session (recorded, not refused).
                    var time = c.ReadString().Trim();
                    if (!CwmpValues.TryParseDateTime(time, out currentTime))
                    {
                        currentTime = DateTimeOffset.MinValue;
                        unreadableTime = time.Length > 64 ? time[..64] : time;
                    }
                    break;
                case "RetryCount": retryCount = c.ReadInt("Inform/RetryCount"); break;
                case "ParameterList":
                    parameters = ReadArray(c, ReadParameterValueStruct, c.Options.MaxInformParameters, "Inform/ParameterList", "Acs:MaxInformParameters");
                    break;
                default: c.Skip(); break;
            }
        }
        return new Inform(deviceId ?? throw c.Missing("Inform", "DeviceId"), events, maxEnvelopes, currentTime, retryCount, parameters)
        {
            UnreadableCurrentTime = unreadableTime,
        };
    }

    private static InformResponse ReadInformResponse(XmlCursor c)
    {
        // TR-069 A.3.3.1: MaxEnvelopes is always 1 in practice; an ACS that leaves it out means that.
        var maxEnvelopes = 1;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (c.LocalName == "MaxEnvelopes")
            {
                maxEnvelopes = c.ReadInt("InformResponse/MaxEnvelopes");
            }
            else
            {
                c.Skip();
            }
        }
        return new InformResponse(maxEnvelopes);
    }

    private static TransferComplete ReadTransferComplete(XmlCursor c)
    {
        var commandKey = "";
        var fault = FaultStruct.None;
        DateTimeOffset start = DateTimeOffset.MinValue, complete = DateTimeOffset.MinValue;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "CommandKey": commandKey = c.ReadString("TransferComplete/CommandKey", c.Options.MaxCommandKeyChars, "TR-069 A.3.3.2, string(32)"); break;
                case "FaultStruct": fault = ReadFaultStruct(c, "TransferComplete"); break;
                case "StartTime": start = c.ReadDateTime("TransferComplete/StartTime"); break;
                case "CompleteTime": complete = c.ReadDateTime("TransferComplete/CompleteTime"); break;
                default: c.Skip(); break;
            }
        }
        return new TransferComplete(commandKey, fault, start, complete);
    }

    private static AutonomousTransferComplete ReadAutonomousTransferComplete(XmlCursor c)
    {
        string announceUrl = "", transferUrl = "", fileType = "", targetFileName = "";
        var isDownload = false;
        var fileSize = 0L;
        var fault = FaultStruct.None;
        DateTimeOffset start = DateTimeOffset.MinValue, complete = DateTimeOffset.MinValue;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "AnnounceURL": announceUrl = c.ReadString(); break;
                case "TransferURL": transferUrl = c.ReadString(); break;
                case "IsDownload": isDownload = c.ReadBool("AutonomousTransferComplete/IsDownload"); break;
                case "FileType": fileType = c.ReadString(); break;
                case "FileSize": fileSize = c.ReadLong("AutonomousTransferComplete/FileSize"); break;
                case "TargetFileName": targetFileName = c.ReadString(); break;
                case "FaultStruct": fault = ReadFaultStruct(c, "AutonomousTransferComplete"); break;
                case "StartTime": start = c.ReadDateTime("AutonomousTransferComplete/StartTime"); break;
                case "CompleteTime": complete = c.ReadDateTime("AutonomousTransferComplete/CompleteTime"); break;
                default: c.Skip(); break;
            }
        }
        return new AutonomousTransferComplete(announceUrl, transferUrl, isDownload, fileType, fileSize, targetFileName, fault, start, complete);
    }

    private static RequestDownload ReadRequestDownload(XmlCursor c)
    {
        string? fileType = null;
        IReadOnlyList<ArgStruct> args = [];
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            switch (c.LocalName)
            {
                case "FileType": fileType = c.ReadString(); break;
                case "FileTypeArg": args = ReadArray(c, ReadArgStruct); break;
                default: c.Skip(); break;
            }
        }
        return new RequestDownload(fileType ?? throw c.Missing("RequestDownload", "FileType"), args);
    }

    private static GetRPCMethodsResponse ReadGetRpcMethodsResponse(XmlCursor c)
        => new(ReadNamedArray(c, "MethodList", ReadString));
}
