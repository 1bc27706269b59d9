using System.Text;
using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Tests.Support;

namespace TR069Acs.Cwmp.Tests.Serialization;

/// <summary>Bad and malicious input ends in a <see cref="CwmpFormatException"/> of the right kind that says what is
/// wrong, and never in anything else.</summary>
public sealed class HostileInputTests
{
    private static readonly byte[] _inform = CwmpWriter.WriteToArray(Wire.Envelope(Samples.Inform(parameters: 20), CwmpVersion.V1_0));

    private static CwmpFormatException ReadFails(string xml, CwmpReaderOptions? options = null)
        => Assert.Throws<CwmpFormatException>(() => Wire.Read(xml, options));

    [Fact]
    public void A_dtd_is_refused()
    {
        var ex = ReadFails("""
            <?xml version="1.0"?>
            <!DOCTYPE Envelope [ <!ENTITY vendor "Linksys"> ]>
            <soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><Reboot><CommandKey>&vendor;</CommandKey></Reboot></soap-env:Body></soap-env:Envelope>
            """);

        Assert.Equal(CwmpErrorKind.DtdProhibited, ex.Kind);
        Assert.Contains("DTD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_billion_laughs_are_refused_without_expansion()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (var i = 1; i <= 9; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString())};", 10))}\">\n");
        }
        sb.Append("]>\n<soap-env:Envelope xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap-env:Body><Reboot><CommandKey>&lol9;</CommandKey></Reboot></soap-env:Body></soap-env:Envelope>");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = ReadFails(sb.ToString());

        Assert.Equal(CwmpErrorKind.DtdProhibited, ex.Kind);
        // Expanded, &lol9; is 10^9 "lol"s (GBs); refusing it must cost about nothing.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "the entities were expanded");
    }

    [Fact]
    public void An_external_entity_is_refused_and_never_resolved()
    {
        var ex = ReadFails("""
            <?xml version="1.0"?>
            <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/"><soap-env:Body><Reboot><CommandKey>&xxe;</CommandKey></Reboot></soap-env:Body></soap-env:Envelope>
            """);

        Assert.Equal(CwmpErrorKind.DtdProhibited, ex.Kind);
        Assert.DoesNotContain("root:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undeclared_entity_reference_is_malformed_xml()
    {
        var ex = ReadFails(Wire.CpeEnvelope("<cwmp:Reboot><CommandKey>&xxe;</CommandKey></cwmp:Reboot>"));

        Assert.Equal(CwmpErrorKind.MalformedXml, ex.Kind);
        Assert.Contains("xxe", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predefined_and_character_entities_still_work()
    {
        var envelope = Wire.Read(Wire.CpeEnvelope(
            $"<cwmp:Reboot><CommandKey>{string.Concat(Enumerable.Repeat("&amp;&lt;&#x41;", 2000))}</CommandKey></cwmp:Reboot>"));

        Assert.Equal(string.Concat(Enumerable.Repeat("&<A", 2000)), Assert.IsType<Reboot>(envelope.Body).CommandKey);
    }

    [Fact]
    public void Every_truncation_of_an_inform_is_malformed_xml()
    {
        var text = Encoding.UTF8.GetString(_inform);
        var end = text.LastIndexOf('>');
        for (var length = 1; length < end; length += 7)
        {
            var ex = Assert.Throws<CwmpFormatException>(() => CwmpReader.Read(_inform.AsMemory(0, length)));
            Assert.True(ex.Kind == CwmpErrorKind.MalformedXml, $"cut at {length}: {ex.Kind} {ex.Message}");
        }
    }

    [Fact]
    public void The_malformed_xml_message_says_where()
    {
        var ex = ReadFails(Wire.CpeEnvelope("<cwmp:Reboot><CommandKey>x</Command></cwmp:Reboot>"));

        Assert.Equal(CwmpErrorKind.MalformedXml, ex.Kind);
        Assert.Contains("Line 5", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body>hello</body></html>", "html")]
    [InlineData("<Envelope><Body><Inform/></Body></Envelope>", "Envelope")]
    [InlineData("<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\"><e:Body/></e:Envelope>", "soap-envelope")]
    [InlineData("<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Header/></e:Envelope>", "no Body")]
    public void A_document_that_is_not_a_soap_11_envelope_is_refused(string xml, string named)
    {
        var ex = ReadFails(xml);

        Assert.Equal(CwmpErrorKind.NotAnEnvelope, ex.Kind);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_body_of_bytes_is_not_an_envelope()
    {
        var ex = Assert.Throws<CwmpFormatException>(() => CwmpReader.Read(ReadOnlyMemory<byte>.Empty));

        Assert.Equal(CwmpErrorKind.NotAnEnvelope, ex.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  <!-- nothing -->  ")]
    public void An_empty_soap_body_is_a_bad_body(string body)
    {
        var ex = ReadFails(Wire.CpeEnvelope(body));

        Assert.Equal(CwmpErrorKind.BadBody, ex.Kind);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_body_elements_are_a_bad_body_naming_both()
    {
        var ex = ReadFails(Wire.CpeEnvelope("<cwmp:Reboot><CommandKey/></cwmp:Reboot><cwmp:FactoryReset/>"));

        Assert.Equal(CwmpErrorKind.BadBody, ex.Kind);
        Assert.Contains("'Reboot', then 'FactoryReset'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_at_the_limit()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000));

        var ex = ReadFails(Wire.CpeEnvelope($"<cwmp:Reboot><CommandKey>{deep}</CommandKey></cwmp:Reboot>"));

        Assert.Equal(CwmpErrorKind.TooDeep, ex.Kind);
        Assert.Contains("64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_depth_limit_applies_to_ordinary_messages()
    {
        var ex = Assert.Throws<CwmpFormatException>(() => CwmpReader.Read(_inform, new CwmpReaderOptions { MaxDepth = 4 }));

        Assert.Equal(CwmpErrorKind.TooDeep, ex.Kind);
    }

    [Fact]
    public void Too_many_elements_are_refused()
    {
        var ex = Assert.Throws<CwmpFormatException>(() => CwmpReader.Read(_inform, new CwmpReaderOptions { MaxElements = 50 }));

        Assert.Equal(CwmpErrorKind.TooManyElements, ex.Kind);
        Assert.Contains("50", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Elements_in_skipped_unknown_content_count_too()
    {
        var flood = string.Concat(Enumerable.Repeat("<x/>", 1000));

        var ex = ReadFails(Wire.CpeEnvelope($"<cwmp:X_Unknown>{flood}</cwmp:X_Unknown>"), new CwmpReaderOptions { MaxElements = 500 });

        Assert.Equal(CwmpErrorKind.TooManyElements, ex.Kind);
    }

    [Fact]
    public void A_body_over_the_limit_is_too_large()
    {
        var ex = Assert.Throws<CwmpFormatException>(() => CwmpReader.Read(_inform, new CwmpReaderOptions { MaxBodyBytes = _inform.Length - 1 }));

        Assert.Equal(CwmpErrorKind.TooLarge, ex.Kind);
    }

    [Fact]
    public async Task ReadAsync_stops_reading_one_byte_past_the_limit()
    {
        var stream = new TrickleStream(new byte[10_000_000], chunk: 4096);

        var ex = await Assert.ThrowsAsync<CwmpFormatException>(async () =>
            await CwmpReader.ReadAsync(stream, new CwmpReaderOptions { MaxBodyBytes = 100_000 }));

        Assert.Equal(CwmpErrorKind.TooLarge, ex.Kind);
        Assert.Contains("100000", ex.Message, StringComparison.Ordinal);
        Assert.True(stream.BytesRead <= 100_001, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task ReadAsync_accepts_a_body_of_exactly_the_limit_delivered_in_small_pieces()
    {
        var stream = new TrickleStream(_inform, chunk: 97);

        var envelope = await CwmpReader.ReadAsync(stream, new CwmpReaderOptions { MaxBodyBytes = _inform.Length });

        Assert.Equal(20, Assert.IsType<Inform>(envelope.Body).ParameterList.Count);
    }

    [Fact]
    public async Task ReadAsync_refuses_an_oversized_seekable_stream_without_reading_it()
    {
        using var stream = new MemoryStream(_inform);

        var ex = await Assert.ThrowsAsync<CwmpFormatException>(async () =>
            await CwmpReader.ReadAsync(stream, new CwmpReaderOptions { MaxBodyBytes = 100 }));

        Assert.Equal(CwmpErrorKind.TooLarge, ex.Kind);
        Assert.Equal(0, stream.Position);
    }

    [Theory]
    [InlineData("<MaxEnvelopes>abc</MaxEnvelopes>", "Inform/MaxEnvelopes", "abc")]
    [InlineData("<MaxEnvelopes>99999999999</MaxEnvelopes>", "Inform/MaxEnvelopes", "99999999999")]
    [InlineData("<RetryCount>1.5</RetryCount>", "Inform/RetryCount", "1.5")]
    public void An_invalid_value_names_the_element_the_text_and_the_line(string element, string field, string text)
    {
        var ex = ReadFails(Wire.CpeEnvelope($"""
            <cwmp:Inform><DeviceId><Manufacturer>M</Manufacturer><OUI>001122</OUI><ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId>
            {element}</cwmp:Inform>
            """));

        Assert.Equal(CwmpErrorKind.InvalidValue, ex.Kind);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 6", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_CurrentTime_is_recorded_not_refused()
    {
        // A real gateway sends a CurrentTime that is no dateTime; the ACS does not act on it, so the Inform still reads.
        var envelope = Wire.Read(Wire.CpeEnvelope("""
            <cwmp:Inform><DeviceId><Manufacturer>M</Manufacturer><OUI>001122</OUI><ProductClass>P</ProductClass><SerialNumber>S</SerialNumber></DeviceId>
            <CurrentTime>yesterday</CurrentTime></cwmp:Inform>
            """));

        var inform = Assert.IsType<Inform>(envelope.Body);
        Assert.Equal("yesterday", inform.UnreadableCurrentTime);
        Assert.Equal(DateTimeOffset.MinValue, inform.CurrentTime);
    }

    [Theory]
    [InlineData("<NextLevel>maybe</NextLevel>", "GetParameterNames/NextLevel")]
    [InlineData("<NextLevel>2</NextLevel>", "GetParameterNames/NextLevel")]
    public void An_invalid_boolean_is_an_invalid_value(string element, string field)
    {
        var ex = ReadFails(Wire.CpeEnvelope($"<cwmp:GetParameterNames><ParameterPath>Device.</ParameterPath>{element}</cwmp:GetParameterNames>"));

        Assert.Equal(CwmpErrorKind.InvalidValue, ex.Kind);
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_instance_number_is_an_invalid_value()
    {
        var ex = ReadFails(Wire.CpeEnvelope("<cwmp:AddObjectResponse><InstanceNumber>-1</InstanceNumber><Status>0</Status></cwmp:AddObjectResponse>"));

        Assert.Equal(CwmpErrorKind.InvalidValue, ex.Kind);
        Assert.Contains("AddObjectResponse/InstanceNumber", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inform_without_device_id_is_missing_it()
    {
        var ex = ReadFails(Wire.CpeEnvelope("<cwmp:Inform><MaxEnvelopes>1</MaxEnvelopes></cwmp:Inform>"));

        Assert.Equal(CwmpErrorKind.MissingField, ex.Kind);
        Assert.Contains("Inform is missing DeviceId", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Manufacturer")]
    [InlineData("OUI")]
    [InlineData("ProductClass")]
    [InlineData("SerialNumber")]
    public void An_inform_missing_a_device_id_field_names_it(string field)
    {
        var fields = new[] { "Manufacturer", "OUI", "ProductClass", "SerialNumber" }.Where(f => f != field).Select(f => $"<{f}>x</{f}>");

        var ex = ReadFails(Wire.CpeEnvelope($"<cwmp:Inform><DeviceId>{string.Concat(fields)}</DeviceId></cwmp:Inform>"));

        Assert.Equal(CwmpErrorKind.MissingField, ex.Kind);
        Assert.Contains($"Inform/DeviceId is missing {field}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<cwmp:DownloadResponse><StartTime/></cwmp:DownloadResponse>", "DownloadResponse is missing Status")]
    [InlineData("<cwmp:AddObject><ParameterKey/></cwmp:AddObject>", "AddObject is missing ObjectName")]
    [InlineData("<cwmp:Download><FileType>1 Firmware Upgrade Image</FileType></cwmp:Download>", "Download is missing URL")]
    [InlineData("<cwmp:GetParameterValuesResponse><ParameterList><ParameterValueStruct><Value>1</Value></ParameterValueStruct></ParameterList></cwmp:GetParameterValuesResponse>", "ParameterValueStruct is missing Name")]
    [InlineData("<SOAP-ENV:Fault><faultcode>Server</faultcode><faultstring>oops</faultstring></SOAP-ENV:Fault>", "detail/cwmp:Fault")]
    public void Other_required_arguments_are_named_when_missing(string body, string message)
    {
        var ex = ReadFails(Wire.CpeEnvelope(body));

        Assert.Equal(CwmpErrorKind.MissingField, ex.Kind);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_invalid_in_utf8_are_malformed_xml()
    {
        var bytes = Encoding.UTF8.GetBytes(Wire.CpeEnvelope("<cwmp:Reboot><CommandKey>XX</CommandKey></cwmp:Reboot>"));
        var at = Encoding.UTF8.GetString(bytes).IndexOf("XX", StringComparison.Ordinal);
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;

        var ex = Assert.Throws<CwmpFormatException>(() => CwmpReader.Read(bytes));

        Assert.Equal(CwmpErrorKind.MalformedXml, ex.Kind);
    }

    [Fact]
    public void Random_corruptions_of_an_inform_never_escape_as_another_exception_type()
    {
        var random = new Random(20261123);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = (byte[])_inform.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)"<>/&;:=\"'x0 \u00ff"[random.Next(13)];
            }
            try
            {
                CwmpReader.Read(bytes);
            }
            catch (CwmpFormatException)
            {
            }
        }
    }

    /// <summary>A non-seekable stream that hands out at most <c>chunk</c> bytes per read and counts them.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public long BytesRead => _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
