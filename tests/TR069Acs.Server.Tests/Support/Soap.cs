using System.Security;

namespace TR069Acs.Server.Tests.Support;

/// <summary>Hand-written SOAP envelopes, as a CPE stack would send them.</summary>
public static class Soap
{
    public const string Cwmp10 = "urn:dslforum-org:cwmp-1-0";
    public const string Cwmp12 = "urn:dslforum-org:cwmp-1-2";

    public static string Envelope(string body, string? id = "1", string ns = Cwmp12, string envPrefix = "soap-env") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <{envPrefix}:Envelope xmlns:{envPrefix}="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap-enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="{ns}">
        {(id is null ? "" : $"<{envPrefix}:Header><cwmp:ID {envPrefix}:mustUnderstand=\"1\">{id}</cwmp:ID></{envPrefix}:Header>")}
        <{envPrefix}:Body>{body}</{envPrefix}:Body>
        </{envPrefix}:Envelope>
        """;

    public static string Inform(string oui, string productClass, string serial, IEnumerable<string> events,
        IEnumerable<(string Name, string Value)> parameters, string manufacturer = "Acme")
    {
        var eventList = events.ToList();
        var parameterList = parameters.ToList();
        return $"""
            <cwmp:Inform>
            <DeviceId><Manufacturer>{X(manufacturer)}</Manufacturer><OUI>{X(oui)}</OUI><ProductClass>{X(productClass)}</ProductClass><SerialNumber>{X(serial)}</SerialNumber></DeviceId>
            <Event soap-enc:arrayType="cwmp:EventStruct[{eventList.Count}]">{string.Concat(eventList.Select(e =>
                $"<EventStruct><EventCode>{X(e.Split('|')[0])}</EventCode><CommandKey>{X(e.Contains('|') ? e.Split('|')[1] : "")}</CommandKey></EventStruct>"))}</Event>
            <MaxEnvelopes>1</MaxEnvelopes>
            <CurrentTime>2026-11-23T10:00:00Z</CurrentTime>
            <RetryCount>0</RetryCount>
            <ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[{parameterList.Count}]">{string.Concat(parameterList.Select(p =>
                $"<ParameterValueStruct><Name>{X(p.Name)}</Name><Value xsi:type=\"xsd:string\">{X(p.Value)}</Value></ParameterValueStruct>"))}</ParameterList>
            </cwmp:Inform>
            """;
    }

    public static string GetParameterValuesResponse(params (string Name, string Value)[] values) => $"""
        <cwmp:GetParameterValuesResponse><ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[{values.Length}]">{string.Concat(values.Select(p =>
            $"<ParameterValueStruct><Name>{X(p.Name)}</Name><Value xsi:type=\"xsd:string\">{X(p.Value)}</Value></ParameterValueStruct>"))}</ParameterList></cwmp:GetParameterValuesResponse>
        """;

    public static string Fault(int code, string message, params (string Name, int Code, string Message)[] spvFaults) => $"""
        <soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault>
        <FaultCode>{code}</FaultCode><FaultString>{X(message)}</FaultString>{string.Concat(spvFaults.Select(f =>
            $"<SetParameterValuesFault><ParameterName>{X(f.Name)}</ParameterName><FaultCode>{f.Code}</FaultCode><FaultString>{X(f.Message)}</FaultString></SetParameterValuesFault>"))}
        </cwmp:Fault></detail></soap-env:Fault>
        """;

    public static string TransferComplete(string commandKey, int faultCode = 0, string faultString = "") => $"""
        <cwmp:TransferComplete><CommandKey>{X(commandKey)}</CommandKey><FaultStruct><FaultCode>{faultCode}</FaultCode><FaultString>{X(faultString)}</FaultString></FaultStruct>
        <StartTime>2026-11-23T10:00:01Z</StartTime><CompleteTime>2026-11-23T10:00:05Z</CompleteTime></cwmp:TransferComplete>
        """;

    public static string X(string text) => SecurityElement.Escape(text);
}
