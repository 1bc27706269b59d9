namespace TR069Acs.Cwmp;

public static partial class CwmpReader
{
    private static CwmpEnvelope ReadEnvelope(XmlCursor c)
    {
        if (!c.MoveToRoot())
        {
            throw c.Error(CwmpErrorKind.NotAnEnvelope, "the document has no root element");
        }
        if (c.LocalName != "Envelope" || c.NamespaceUri != CwmpNamespaces.Soap)
        {
            throw c.Error(CwmpErrorKind.NotAnEnvelope,
                $"the root element is '{c.LocalName}' in namespace '{c.NamespaceUri}', not a SOAP 1.1 Envelope ({CwmpNamespaces.Soap})");
        }

        var header = CwmpHeader.Empty;
        CwmpVersion? headerVersion = null;
        CwmpMessage? body = null;
        CwmpVersion? bodyVersion = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (c.NamespaceUri != CwmpNamespaces.Soap)
            {
                c.Skip();
                continue;
            }
            switch (c.LocalName)
            {
                case "Header":
                    header = ReadHeader(c, out headerVersion);
                    break;
                case "Body" when body is null:
                    body = ReadBody(c, out bodyVersion);
                    break;
                case "Body":
                    throw c.Error(CwmpErrorKind.BadBody, "the envelope has more than one SOAP Body");
                default:
                    c.Skip();
                    break;
            }
        }
        if (body is null)
        {
            throw c.Error(CwmpErrorKind.NotAnEnvelope, "the SOAP Envelope has no Body");
        }
        c.ReadToEnd();

        // The version is the cwmp namespace of the RPC element, else of the header; unqualified RPCs from
        // CPE stacks that omit the namespace altogether are taken as CWMP 1.0.
        return new CwmpEnvelope(bodyVersion ?? headerVersion ?? CwmpVersion.V1_0, header, body);
    }

    // TR-069 A.3.1 / Table 6: the cwmp header elements. Unknown header elements are ignored, whatever their
    // mustUnderstand says, as every deployed ACS does.
    private static CwmpHeader ReadHeader(XmlCursor c, out CwmpVersion? version)
    {
        version = null;
        string? id = null, supported = null, use = null;
        bool? hold = null;
        int? timeout = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (version is null && CwmpNamespaces.TryGetVersion(c.NamespaceUri, out var v))
            {
                version = v;
            }
            switch (c.LocalName)
            {
                case "ID": id = c.ReadString(); break;
                case "HoldRequests": hold = c.ReadBool("Header/HoldRequests"); break;
                case "SessionTimeout": timeout = c.ReadInt("Header/SessionTimeout"); break;
                case "SupportedCWMPVersions": supported = c.ReadString().Trim(); break;
                case "UseCWMPVersion": use = c.ReadString().Trim(); break;
                default: c.Skip(); break;
            }
        }
        return id is null && hold is null && timeout is null && supported is null && use is null
            ? CwmpHeader.Empty
            : new CwmpHeader(id, hold, timeout, supported, use);
    }

    private static CwmpMessage ReadBody(XmlCursor c, out CwmpVersion? version)
    {
        version = null;
        CwmpMessage? message = null;
        for (var d = c.EnterChildren(); c.NextChild(d);)
        {
            if (message is not null)
            {
                throw c.Error(CwmpErrorKind.BadBody,
                    $"the SOAP Body holds more than one element ('{message.ElementName}', then '{c.LocalName}')");
            }
            message = ReadMessage(c, ref version);
        }
        return message ?? throw c.Error(CwmpErrorKind.BadBody, "the SOAP Body is empty");
    }

    private static CwmpMessage ReadMessage(XmlCursor c, ref CwmpVersion? version)
    {
        if (CwmpNamespaces.TryGetVersion(c.NamespaceUri, out var v))
        {
            version = v;
        }
        return c.LocalName switch
        {
            "Fault" => ReadFault(c, ref version),
            "Inform" => ReadInform(c),
            "InformResponse" => ReadInformResponse(c),
            "TransferComplete" => ReadTransferComplete(c),
            "TransferCompleteResponse" => Empty(c, new TransferCompleteResponse()),
            "AutonomousTransferComplete" => ReadAutonomousTransferComplete(c),
            "AutonomousTransferCompleteResponse" => Empty(c, new AutonomousTransferCompleteResponse()),
            "RequestDownload" => ReadRequestDownload(c),
            "RequestDownloadResponse" => Empty(c, new RequestDownloadResponse()),
            "GetRPCMethods" => Empty(c, new GetRPCMethods()),
            "GetRPCMethodsResponse" => ReadGetRpcMethodsResponse(c),
            "GetParameterNames" => ReadGetParameterNames(c),
            "GetParameterNamesResponse" => new GetParameterNamesResponse(ReadNamedArray(c, "ParameterList", ReadParameterInfoStruct)),
            "GetParameterValues" => new GetParameterValues(ReadNamedArray(c, "ParameterNames", ReadString)),
            "GetParameterValuesResponse" => new GetParameterValuesResponse(ReadNamedArray(c, "ParameterList", ReadParameterValueStruct)),
            "SetParameterValues" => ReadSetParameterValues(c),
            "SetParameterValuesResponse" => new SetParameterValuesResponse(ReadStatusOnly(c, "SetParameterValuesResponse")),
            "GetParameterAttributes" => new GetParameterAttributes(ReadNamedArray(c, "ParameterNames", ReadString)),
            "GetParameterAttributesResponse" => new GetParameterAttributesResponse(ReadNamedArray(c, "ParameterList", ReadParameterAttributeStruct)),
            "SetParameterAttributes" => new SetParameterAttributes(ReadNamedArray(c, "ParameterList", ReadSetParameterAttributesStruct)),
            "SetParameterAttributesResponse" => Empty(c, new SetParameterAttributesResponse()),
            "AddObject" => ReadAddObject(c),
            "AddObjectResponse" => ReadAddObjectResponse(c),
            "DeleteObject" => ReadDeleteObject(c),
            "DeleteObjectResponse" => new DeleteObjectResponse(ReadStatusOnly(c, "DeleteObjectResponse")),
            "Reboot" => new Reboot(ReadCommandKeyOnly(c)),
            "RebootResponse" => Empty(c, new RebootResponse()),
            "FactoryReset" => Empty(c, new FactoryReset()),
            "FactoryResetResponse" => Empty(c, new FactoryResetResponse()),
            "Download" => ReadDownload(c),
            "DownloadResponse" => ReadTransferResponse(c, "DownloadResponse", static (s, st, ct) => new DownloadResponse(s, st, ct)),
            "Upload" => ReadUpload(c),
            "UploadResponse" => ReadTransferResponse(c, "UploadResponse", static (s, st, ct) => new UploadResponse(s, st, ct)),
            "ScheduleInform" => ReadScheduleInform(c),
            "ScheduleInformResponse" => Empty(c, new ScheduleInformResponse()),
            // The session engine answers an unknown method with fault 8000 (ACS) or 9000 (CPE).
            _ => Empty(c, new UnknownMethod(c.LocalName)),
        };
    }

    private static T Empty<T>(XmlCursor c, T message)
        where T : CwmpMessage
    {
        c.Skip();
        return message;
    }
}
