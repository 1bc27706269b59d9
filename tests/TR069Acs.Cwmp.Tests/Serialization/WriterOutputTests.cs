using System.Text;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Tests.Support;

namespace TR069Acs.Cwmp.Tests.Serialization;

/// <summary>The literal text of what the writer emits: independent CPE stacks match strings, not XML infosets.</summary>
public sealed class WriterOutputTests
{
    [Theory]
    [InlineData(CwmpVersion.V1_0, "urn:dslforum-org:cwmp-1-0")]
    [InlineData(CwmpVersion.V1_1, "urn:dslforum-org:cwmp-1-1")]
    [InlineData(CwmpVersion.V1_2, "urn:dslforum-org:cwmp-1-2")]
    [InlineData(CwmpVersion.V1_3, "urn:dslforum-org:cwmp-1-3")]
    [InlineData(CwmpVersion.V1_4, "urn:dslforum-org:cwmp-1-4")]
    public void The_envelope_uses_conventional_prefixes_and_echoes_the_namespace_of_the_version(CwmpVersion version, string ns)
    {
        var text = Wire.WriteText(Wire.Envelope(new InformResponse(), version, id: "4711"));

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?><soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:soap-enc=\"http://schemas.xmlsoap.org/soap/encoding/\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
            + $"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:cwmp=\"{ns}\">", text, StringComparison.Ordinal);
        Assert.Contains("<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">4711</cwmp:ID></soap-env:Header>", text, StringComparison.Ordinal);
        Assert.Contains("<soap-env:Body><cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse></soap-env:Body>", text, StringComparison.Ordinal);
        Assert.EndsWith("</soap-env:Envelope>", text, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(text, "xmlns:cwmp="));
    }

    [Fact]
    public void The_output_is_utf8_without_a_byte_order_mark()
    {
        var bytes = CwmpWriter.WriteToArray(Wire.Envelope(new Reboot("Grüße")));

        Assert.Equal((byte)'<', bytes[0]);
        Assert.Contains("<CommandKey>Grüße</CommandKey>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_elements_carry_the_mustUnderstand_values_of_tr069_table_6()
    {
        var header = new CwmpHeader("1", HoldRequests: false, SessionTimeout: 30, SupportedCwmpVersions: "1.0,1.4", UseCwmpVersion: "1.4");

        var text = Wire.WriteText(new CwmpEnvelope(CwmpVersion.V1_4, header, new InformResponse()));

        Assert.Contains("<soap-env:Header><cwmp:ID soap-env:mustUnderstand=\"1\">1</cwmp:ID>"
            + "<cwmp:HoldRequests soap-env:mustUnderstand=\"1\">0</cwmp:HoldRequests>"
            + "<cwmp:SessionTimeout soap-env:mustUnderstand=\"0\">30</cwmp:SessionTimeout>"
            + "<cwmp:SupportedCWMPVersions soap-env:mustUnderstand=\"0\">1.0,1.4</cwmp:SupportedCWMPVersions>"
            + "<cwmp:UseCWMPVersion soap-env:mustUnderstand=\"1\">1.4</cwmp:UseCWMPVersion></soap-env:Header>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_header_is_left_out()
    {
        var text = Wire.WriteText(new CwmpEnvelope(CwmpVersion.V1_0, CwmpHeader.Empty, new GetRPCMethods()));

        Assert.DoesNotContain("Header", text, StringComparison.Ordinal);
        Assert.Contains("<soap-env:Body><cwmp:GetRPCMethods></cwmp:GetRPCMethods></soap-env:Body>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_carry_their_soap_enc_array_type_and_arguments_are_unqualified()
    {
        var text = Wire.WriteText(Wire.Envelope(Samples.Inform(parameters: 3)));

        Assert.Contains("<Event soap-enc:arrayType=\"cwmp:EventStruct[2]\"><EventStruct><EventCode>1 BOOT</EventCode><CommandKey></CommandKey></EventStruct>", text, StringComparison.Ordinal);
        Assert.Contains("<ParameterList soap-enc:arrayType=\"cwmp:ParameterValueStruct[3]\"><ParameterValueStruct>"
            + "<Name>Device.DeviceInfo.SoftwareVersion</Name><Value xsi:type=\"xsd:string\">sip88xx.12-0-1-0001-1</Value></ParameterValueStruct>", text, StringComparison.Ordinal);
        Assert.Contains("<Value xsi:type=\"xsd:unsignedInt\">86400</Value>", text, StringComparison.Ordinal);
        Assert.Contains("<DeviceId><Manufacturer>Cisco Systems, Inc.</Manufacturer><OUI>0023EB</OUI>", text, StringComparison.Ordinal);
        // Only the header ID and the RPC element itself are in the cwmp namespace.
        Assert.Equal(2, CountOf(text, "<cwmp:"));
    }

    [Fact]
    public void String_arrays_are_xsd_string_arrays_of_string_elements()
    {
        var text = Wire.WriteText(Wire.Envelope(new GetParameterValues(["Device.DeviceInfo.", "Device.Time."])));

        Assert.Contains("<cwmp:GetParameterValues><ParameterNames soap-enc:arrayType=\"xsd:string[2]\"><string>Device.DeviceInfo.</string>"
            + "<string>Device.Time.</string></ParameterNames></cwmp:GetParameterValues>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_xsi_type_is_written_as_given()
    {
        var text = Wire.WriteText(Wire.Envelope(new SetParameterValues([new ParameterValue("Device.X", "1", "cwmp:Foo")], "k")));

        Assert.Contains("<Value xsi:type=\"cwmp:Foo\">1</Value>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Download_arguments_follow_annex_a_order()
    {
        var text = Wire.WriteText(Wire.Envelope(Samples.All["Download"]));

        string[] order = ["CommandKey", "FileType", "URL", "Username", "Password", "FileSize", "TargetFileName", "DelaySeconds", "SuccessURL", "FailureURL"];
        var positions = order.Select(e => text.IndexOf($"<{e}>", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("<FileSize>1234567</FileSize>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_download_response_awaiting_transfer_complete_carries_the_unknown_time()
    {
        var text = Wire.WriteText(Wire.Envelope(new DownloadResponse(1, DateTimeOffset.MinValue, DateTimeOffset.MinValue)));

        Assert.Contains("<Status>1</Status><StartTime>0001-01-01T00:00:00Z</StartTime><CompleteTime>0001-01-01T00:00:00Z</CompleteTime>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Booleans_are_written_as_digits()
    {
        var text = Wire.WriteText(Wire.Envelope(new GetParameterNames("Device.", NextLevel: true)));

        Assert.Contains("<ParameterPath>Device.</ParameterPath><NextLevel>1</NextLevel>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fault_is_a_soap_fault_with_the_cwmp_fault_in_its_detail()
    {
        var text = Wire.WriteText(Wire.Envelope(Samples.All["Fault#2"], CwmpVersion.V1_0));

        Assert.Contains("<soap-env:Body><soap-env:Fault><faultcode>Client</faultcode><faultstring>CWMP fault</faultstring><detail><cwmp:Fault>"
            + "<FaultCode>9003</FaultCode><FaultString>Invalid arguments</FaultString>"
            + "<SetParameterValuesFault><ParameterName>Device.ManagementServer.PeriodicInformInterval</ParameterName><FaultCode>9007</FaultCode>"
            + "<FaultString>Invalid parameter value</FaultString></SetParameterValuesFault>", text, StringComparison.Ordinal);
        Assert.Contains("</cwmp:Fault></detail></soap-env:Fault></soap-env:Body>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_not_supported_fault_is_a_server_fault()
    {
        var text = Wire.WriteText(Wire.Envelope(new CwmpFault(FaultCodes.MethodNotSupported, "Method not supported")));

        Assert.Contains("<faultcode>Server</faultcode>", text, StringComparison.Ordinal);
        Assert.Contains("<FaultCode>8000</FaultCode><FaultString>Method not supported</FaultString></cwmp:Fault>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_method_is_written_as_an_empty_rpc_element_and_reads_back()
    {
        var bytes = CwmpWriter.WriteToArray(Wire.Envelope(new UnknownMethod("X_VENDOR_Ping")));

        Assert.Contains("<cwmp:X_VENDOR_Ping></cwmp:X_VENDOR_Ping>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(new UnknownMethod("X_VENDOR_Ping"), CwmpReader.Read(bytes).Body);
    }

    [Fact]
    public void A_message_type_the_writer_does_not_know_is_refused_by_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => CwmpWriter.WriteToArray(Wire.Envelope(new ForeignMessage())));

        Assert.Contains(nameof(ForeignMessage), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_into_a_caller_buffer_appends_exactly_what_write_to_array_returns()
    {
        var envelope = Wire.Envelope(Samples.Inform(parameters: 20));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        System.Buffers.BuffersExtensions.Write(buffer, "prefix"u8);

        CwmpWriter.Write(envelope, buffer);

        Assert.Equal([.. "prefix"u8, .. CwmpWriter.WriteToArray(envelope)], buffer.WrittenSpan.ToArray());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private sealed record ForeignMessage : CwmpMessage
    {
        public override string ElementName => "Foreign";
    }
}
