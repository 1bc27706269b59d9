namespace TR069Acs.Tests.Shared;

/// <summary>Envelopes as independent CPE stacks write them (not as our writer does), shared by the codec tests and the
/// end-to-end tests as a linked source file.</summary>
internal static class CpeEnvelopes
{
    /// <summary>A Linksys SPA's CWMP 1.0 Inform: <c>SOAP-ENV</c> prefixes, indentation, a value without <c>xsi:type</c>,
    /// an empty and a self-closing CommandKey, IGD paths; its ConnectionRequestURL is a closed loopback port.</summary>
    public const string LinksysInform = """
        <?xml version="1.0" encoding="UTF-8"?>
        <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-0">
        <SOAP-ENV:Header>
          <cwmp:ID SOAP-ENV:mustUnderstand="1">4711</cwmp:ID>
        </SOAP-ENV:Header>
        <SOAP-ENV:Body>
          <cwmp:Inform>
            <DeviceId>
              <Manufacturer>Linksys</Manufacturer>
              <OUI>00183F</OUI>
              <ProductClass>SPA504G</ProductClass>
              <SerialNumber>CBT00001234</SerialNumber>
            </DeviceId>
            <Event SOAP-ENC:arrayType="cwmp:EventStruct[2]">
              <EventStruct><EventCode>0 BOOTSTRAP</EventCode><CommandKey></CommandKey></EventStruct>
              <EventStruct><EventCode>1 BOOT</EventCode><CommandKey/></EventStruct>
            </Event>
            <MaxEnvelopes>1</MaxEnvelopes>
            <CurrentTime>2026-11-23T10:00:00</CurrentTime>
            <RetryCount>0</RetryCount>
            <ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[3]">
              <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.SoftwareVersion</Name><Value xsi:type="xsd:string">7.6.2c</Value></ParameterValueStruct>
              <ParameterValueStruct><Name>InternetGatewayDevice.DeviceInfo.HardwareVersion</Name><Value>2.0.1</Value></ParameterValueStruct>
              <ParameterValueStruct><Name>InternetGatewayDevice.ManagementServer.ConnectionRequestURL</Name><Value xsi:type="xsd:string">http://127.0.0.1:9/</Value></ParameterValueStruct>
            </ParameterList>
          </cwmp:Inform>
        </SOAP-ENV:Body>
        </SOAP-ENV:Envelope>
        """;
}
