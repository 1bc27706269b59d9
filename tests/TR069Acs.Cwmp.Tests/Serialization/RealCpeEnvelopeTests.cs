using System.Text;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Tests.Support;

namespace TR069Acs.Cwmp.Tests.Serialization;

/// <summary>Envelopes as independent CPE stacks write them, rather than as our writer does.</summary>
public sealed class RealCpeEnvelopeTests
{
    [Fact]
    public void A_cwmp_1_0_inform_with_soap_env_prefixes_indentation_and_a_missing_xsi_type_reads_fully()
    {
        var envelope = Wire.Read(CpeEnvelopes.LinksysInform);

        Assert.Equal(CwmpVersion.V1_0, envelope.Version);
        Assert.Equal("4711", envelope.Header.Id);
        var inform = Assert.IsType<Inform>(envelope.Body);
        Assert.Equal(new DeviceId("Linksys", "00183F", "SPA504G", "CBT00001234"), inform.DeviceId);
        Assert.Equal([new EventStruct("0 BOOTSTRAP"), new EventStruct("1 BOOT")], inform.Events);
        Assert.Equal(1, inform.MaxEnvelopes);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), inform.CurrentTime);
        Assert.Equal(0, inform.RetryCount);
        Assert.Equal(
            [
                new ParameterValue("InternetGatewayDevice.DeviceInfo.SoftwareVersion", "7.6.2c"),
                new ParameterValue("InternetGatewayDevice.DeviceInfo.HardwareVersion", "2.0.1", "xsd:string"),
                new ParameterValue("InternetGatewayDevice.ManagementServer.ConnectionRequestURL", "http://127.0.0.1:9/"),
            ],
            inform.ParameterList);
    }

    [Fact]
    public void A_utf8_bom_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(CpeEnvelopes.LinksysInform)).ToArray();

        var envelope = CwmpReader.Read(bytes);

        Assert.Equal("CBT00001234", Assert.IsType<Inform>(envelope.Body).DeviceId.SerialNumber);
    }

    [Theory]
    [InlineData("urn:dslforum-org:cwmp-1-0", CwmpVersion.V1_0)]
    [InlineData("urn:dslforum-org:cwmp-1-1", CwmpVersion.V1_1)]
    [InlineData("urn:dslforum-org:cwmp-1-2", CwmpVersion.V1_2)]
    [InlineData("urn:dslforum-org:cwmp-1-3", CwmpVersion.V1_3)]
    [InlineData("urn:dslforum-org:cwmp-1-4", CwmpVersion.V1_4)]
    public void Every_cwmp_namespace_in_the_wild_is_accepted_and_reported(string ns, CwmpVersion version)
    {
        var envelope = Wire.Read(CpeEnvelopes.LinksysInform.Replace("urn:dslforum-org:cwmp-1-0", ns, StringComparison.Ordinal));

        Assert.Equal(version, envelope.Version);
        Assert.IsType<Inform>(envelope.Body);
    }

    [Theory]
    [InlineData("soap-env")]
    [InlineData("soapenv")]
    [InlineData("SOAP-ENV")]
    [InlineData("s")]
    public void Any_envelope_prefix_and_a_locally_declared_cwmp_prefix_are_accepted(string prefix)
    {
        var xml = $"""
            <{prefix}:Envelope xmlns:{prefix}="http://schemas.xmlsoap.org/soap/envelope/">
              <{prefix}:Body>
                <ns1:GetParameterNamesResponse xmlns:ns1="urn:dslforum-org:cwmp-1-2">
                  <ParameterList><ParameterInfoStruct><Name>Device.DeviceInfo.</Name><Writable>false</Writable></ParameterInfoStruct>
                  <ParameterInfoStruct><Name>Device.ManagementServer.URL</Name><Writable>1</Writable></ParameterInfoStruct></ParameterList>
                </ns1:GetParameterNamesResponse>
              </{prefix}:Body>
            </{prefix}:Envelope>
            """;

        var envelope = Wire.Read(xml);

        Assert.Equal(CwmpVersion.V1_2, envelope.Version);
        Assert.Equal(CwmpHeader.Empty, envelope.Header);
        var response = Assert.IsType<GetParameterNamesResponse>(envelope.Body);
        Assert.Equal([new ParameterInfo("Device.DeviceInfo.", false), new ParameterInfo("Device.ManagementServer.URL", true)], response.ParameterList);
    }

    [Fact]
    public void An_unqualified_rpc_element_is_cwmp_1_0_unless_the_header_names_a_version()
    {
        var bare = Wire.CpeEnvelope("<GetRPCMethods/>", header: "");
        var withHeader = Wire.CpeEnvelope("<GetRPCMethods/>", ns: CwmpNamespaces.Cwmp12);

        Assert.Equal(CwmpVersion.V1_0, Wire.Read(bare).Version);
        Assert.IsType<GetRPCMethods>(Wire.Read(bare).Body);
        Assert.Equal(CwmpVersion.V1_2, Wire.Read(withHeader).Version);
    }

    [Fact]
    public void Qualified_argument_elements_are_read_like_unqualified_ones()
    {
        var xml = Wire.CpeEnvelope("""
            <cwmp:SetParameterValuesResponse><cwmp:Status>1</cwmp:Status></cwmp:SetParameterValuesResponse>
            """);

        Assert.Equal(new SetParameterValuesResponse(1), Wire.Read(xml).Body);
    }

    [Fact]
    public void Arrays_without_array_type_and_with_other_entry_names_are_read()
    {
        var xml = Wire.CpeEnvelope("""
            <cwmp:GetParameterValues>
              <ParameterNames>
                <string>Device.DeviceInfo.</string>
                <item>Device.Time.NTPServer1</item>
              </ParameterNames>
            </cwmp:GetParameterValues>
            """);

        var request = Assert.IsType<GetParameterValues>(Wire.Read(xml).Body);

        Assert.Equal(["Device.DeviceInfo.", "Device.Time.NTPServer1"], request.ParameterNames);
    }

    [Fact]
    public void A_cdata_value_and_text_mixed_with_cdata_are_read_verbatim()
    {
        var xml = Wire.CpeEnvelope("""
            <cwmp:GetParameterValuesResponse><ParameterList>
              <ParameterValueStruct><Name>Device.X.Script</Name><Value xsi:type="xsd:string"><![CDATA[a<b && c>d]]></Value></ParameterValueStruct>
              <ParameterValueStruct><Name>Device.X.Mixed</Name><Value>pre-<![CDATA[<in>]]>-post</Value></ParameterValueStruct>
            </ParameterList></cwmp:GetParameterValuesResponse>
            """);

        var response = Assert.IsType<GetParameterValuesResponse>(Wire.Read(xml).Body);

        Assert.Equal("a<b && c>d", response.ParameterList[0].Value);
        Assert.Equal("pre-<in>-post", response.ParameterList[1].Value);
    }

    [Theory]
    [InlineData("xsi:type=\"xsd:foo\"", "xsd:foo")]
    [InlineData("xsi:type=\"cwmp:Foo\"", "cwmp:Foo")]
    [InlineData("xsi:type=\"xs:int\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"", "xsd:int")]
    [InlineData("xsi:type=\"SOAP-ENC:string\"", "SOAP-ENC:string")]
    [InlineData("", "xsd:string")]
    public void The_xsi_type_is_kept_verbatim_spelt_with_conventional_prefixes_or_defaults_to_string(string attribute, string expected)
    {
        var xml = Wire.CpeEnvelope($"""
            <cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct><Name>Device.A</Name><Value {attribute}>7</Value></ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse>
            """);

        var response = Assert.IsType<GetParameterValuesResponse>(Wire.Read(xml).Body);

        Assert.Equal(new ParameterValue("Device.A", "7", expected), response.ParameterList[0]);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(" TRUE ", true)]
    public void Header_booleans_and_every_header_element_are_read(string hold, bool expected)
    {
        var xml = Wire.CpeEnvelope("<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>", ns: CwmpNamespaces.Cwmp12, header: $"""
            <cwmp:ID SOAP-ENV:mustUnderstand="1">abc</cwmp:ID>
            <cwmp:HoldRequests SOAP-ENV:mustUnderstand="1">{hold}</cwmp:HoldRequests>
            <cwmp:SessionTimeout SOAP-ENV:mustUnderstand="0">45</cwmp:SessionTimeout>
            <cwmp:SupportedCWMPVersions>1.0,1.2,1.4</cwmp:SupportedCWMPVersions>
            <cwmp:UseCWMPVersion SOAP-ENV:mustUnderstand="1">1.2</cwmp:UseCWMPVersion>
            <cwmp:NoMoreRequests>1</cwmp:NoMoreRequests>
            <vendor:Trace xmlns:vendor="urn:example:vendor" SOAP-ENV:mustUnderstand="1"><deep>x</deep></vendor:Trace>
            """);

        var envelope = Wire.Read(xml);

        Assert.Equal(new CwmpHeader("abc", expected, 45, "1.0,1.2,1.4", "1.2"), envelope.Header);
    }

    [Fact]
    public void A_cpe_fault_with_set_parameter_values_faults_is_read_with_the_version_of_its_detail()
    {
        var xml = """
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
              <soapenv:Header><cwmp:ID soapenv:mustUnderstand="1">77</cwmp:ID></soapenv:Header>
              <soapenv:Body>
                <soapenv:Fault>
                  <faultcode>Client</faultcode>
                  <faultstring>CWMP fault</faultstring>
                  <detail>
                    <cwmp:Fault>
                      <FaultCode>9003</FaultCode>
                      <FaultString>Invalid arguments</FaultString>
                      <SetParameterValuesFault><ParameterName>Device.A</ParameterName><FaultCode>9007</FaultCode><FaultString>Invalid value</FaultString></SetParameterValuesFault>
                      <SetParameterValuesFault><ParameterName>Device.B</ParameterName><FaultCode>9008</FaultCode><FaultString>Not writable</FaultString></SetParameterValuesFault>
                    </cwmp:Fault>
                  </detail>
                </soapenv:Fault>
              </soapenv:Body>
            </soapenv:Envelope>
            """;

        var envelope = Wire.Read(xml);

        Assert.Equal(CwmpVersion.V1_2, envelope.Version);
        var fault = Assert.IsType<CwmpFault>(envelope.Body);
        Assert.Equal(9003, fault.FaultCode);
        Assert.Equal("Invalid arguments", fault.FaultString);
        Assert.Equal(
            [new SetParameterValuesFault("Device.A", 9007, "Invalid value"), new SetParameterValuesFault("Device.B", 9008, "Not writable")],
            fault.SetParameterValuesFaults);
    }

    [Fact]
    public void An_unknown_rpc_becomes_unknown_method_naming_it()
    {
        var xml = Wire.CpeEnvelope("<cwmp:X_CISCO_Diagnose><Level>3</Level><Nested><A/></Nested></cwmp:X_CISCO_Diagnose>");

        var envelope = Wire.Read(xml);

        Assert.Equal(new UnknownMethod("X_CISCO_Diagnose"), envelope.Body);
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00Z", "2026-11-23T10:00:00+00:00")]
    [InlineData("2026-11-23T11:00:00+01:00", "2026-11-23T10:00:00+00:00")]
    [InlineData("2026-11-23T10:00:00", "2026-11-23T10:00:00+00:00")]
    [InlineData("2026-11-23T10:00:00.123456Z", "2026-11-23T10:00:00.123456+00:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00+00:00")]
    [InlineData("0001-01-01T00:00:00", "0001-01-01T00:00:00+00:00")]
    [InlineData("", "0001-01-01T00:00:00+00:00")]
    public void Date_times_with_and_without_offset_and_the_unknown_time_are_read(string text, string expected)
    {
        var xml = Wire.CpeEnvelope($"""
            <cwmp:TransferComplete><CommandKey>k</CommandKey><FaultStruct><FaultCode>0</FaultCode><FaultString></FaultString></FaultStruct>
            <StartTime>{text}</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime></cwmp:TransferComplete>
            """);

        var complete = Assert.IsType<TransferComplete>(Wire.Read(xml).Body);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), complete.StartTime);
        Assert.Equal(DateTimeOffset.MinValue, complete.CompleteTime);
        Assert.Same(FaultStruct.None, complete.Fault);
    }

    [Fact]
    public void Comments_processing_instructions_and_unknown_arguments_are_skipped()
    {
        var xml = Wire.CpeEnvelope("""
            <!-- vendor build 1234 -->
            <cwmp:Reboot><?trace on?><X_Vendor_Delay>5</X_Vendor_Delay><CommandKey>r-1<!-- k --></CommandKey></cwmp:Reboot>
            <!-- end -->
            """);

        Assert.Equal(new Reboot("r-1"), Wire.Read(xml).Body);
    }

    [Fact]
    public void Empty_arrays_in_both_spellings_read_as_empty_lists()
    {
        var xml = Wire.CpeEnvelope("""
            <cwmp:Inform><DeviceId><Manufacturer>M</Manufacturer><OUI>001122</OUI><ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId>
            <Event SOAP-ENC:arrayType="cwmp:EventStruct[0]"></Event><MaxEnvelopes>1</MaxEnvelopes><CurrentTime>2026-01-01T00:00:00Z</CurrentTime>
            <RetryCount>3</RetryCount><ParameterList/></cwmp:Inform>
            """);

        var inform = Assert.IsType<Inform>(Wire.Read(xml).Body);

        Assert.Empty(inform.Events);
        Assert.Empty(inform.ParameterList);
        Assert.Equal(3, inform.RetryCount);
    }

    [Fact]
    public void A_non_utf8_encoding_declared_in_the_document_is_honoured()
    {
        var xml = CpeEnvelopes.LinksysInform.Replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", StringComparison.Ordinal)
            .Replace("Linksys", "Linksys Ä", StringComparison.Ordinal);

        var envelope = CwmpReader.Read(Encoding.Latin1.GetBytes(xml));

        Assert.Equal("Linksys Ä", Assert.IsType<Inform>(envelope.Body).DeviceId.Manufacturer);
    }
}
