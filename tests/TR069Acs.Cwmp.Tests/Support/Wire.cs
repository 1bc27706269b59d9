using System.Text;
using TR069Acs.Cwmp;

namespace TR069Acs.Cwmp.Tests.Support;

/// <summary>Shortcuts between envelopes, bytes and text.</summary>
public static class Wire
{
    public static CwmpEnvelope Read(string xml, CwmpReaderOptions? options = null) => CwmpReader.Read(Encoding.UTF8.GetBytes(xml), options);

    public static string WriteText(CwmpEnvelope envelope) => Encoding.UTF8.GetString(CwmpWriter.WriteToArray(envelope));

    public static CwmpEnvelope Envelope(CwmpMessage body, CwmpVersion version = CwmpVersion.V1_2, string? id = "4711")
        => new(version, new CwmpHeader(Id: id), body);

    /// <summary>A SOAP-ENV envelope as many CPE stacks write it, around <paramref name="body"/>.</summary>
    public static string CpeEnvelope(string body, string ns = "urn:dslforum-org:cwmp-1-0", string header = "<cwmp:ID SOAP-ENV:mustUnderstand=\"1\">1</cwmp:ID>")
        => $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="{ns}">
              <SOAP-ENV:Header>{header}</SOAP-ENV:Header>
              <SOAP-ENV:Body>
                {body}
              </SOAP-ENV:Body>
            </SOAP-ENV:Envelope>
            """;
}
