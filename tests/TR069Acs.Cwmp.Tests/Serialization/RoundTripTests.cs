using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Tests.Support;

namespace TR069Acs.Cwmp.Tests.Serialization;

public sealed class RoundTripTests
{
    [Theory]
    [MemberData(nameof(Samples.NamesAndVersions), MemberType = typeof(Samples))]
    public void Every_message_reads_back_as_written_in_every_version(string name, CwmpVersion version)
    {
        var envelope = new CwmpEnvelope(version, new CwmpHeader(Id: "id-" + name), Samples.All[name]);

        var read = CwmpReader.Read(CwmpWriter.WriteToArray(envelope));

        Assert.Equal(version, read.Version);
        Assert.Equal(envelope.Header, read.Header);
        StructuralAssert.Equal(envelope.Body, read.Body);
    }

    [Fact]
    public void Every_header_element_round_trips()
    {
        var header = new CwmpHeader("abc-1", HoldRequests: true, SessionTimeout: 60, SupportedCwmpVersions: "1.0,1.1,1.2,1.3,1.4", UseCwmpVersion: "1.4");

        var read = CwmpReader.Read(CwmpWriter.WriteToArray(new CwmpEnvelope(CwmpVersion.V1_4, header, new InformResponse())));

        Assert.Equal(header, read.Header);
    }

    [Fact]
    public void An_envelope_without_header_elements_reads_with_an_empty_header()
    {
        var read = CwmpReader.Read(CwmpWriter.WriteToArray(new CwmpEnvelope(CwmpVersion.V1_0, CwmpHeader.Empty, new GetRPCMethods())));

        Assert.Equal(CwmpHeader.Empty, read.Header);
        Assert.IsType<GetRPCMethods>(read.Body);
    }

    [Fact]
    public void Values_keep_markup_characters_leading_spaces_and_line_breaks()
    {
        var value = "  <b>a & \"b\"</b>\r\nline 2\ttab  ";
        var envelope = Wire.Envelope(new GetParameterValuesResponse([new ParameterValue("Device.X.Y", value)]));

        var read = (GetParameterValuesResponse)CwmpReader.Read(CwmpWriter.WriteToArray(envelope)).Body;

        Assert.Equal(value, read.ParameterList[0].Value);
    }

    [Fact]
    public void Non_ascii_and_control_characters_survive()
    {
        var value = "Grüße 東京 \u0001";
        var envelope = Wire.Envelope(new GetParameterValuesResponse([new ParameterValue("Device.X.Y", value)]));

        var read = (GetParameterValuesResponse)CwmpReader.Read(CwmpWriter.WriteToArray(envelope)).Body;

        Assert.Equal(value, read.ParameterList[0].Value);
    }

    [Fact]
    public void Times_with_an_offset_are_written_in_utc_and_read_back_as_the_same_instant()
    {
        var local = new DateTimeOffset(2026, 11, 23, 11, 30, 15, 250, TimeSpan.FromHours(1));
        var envelope = Wire.Envelope(new TransferComplete("k", FaultStruct.None, local, DateTimeOffset.MinValue));

        var text = Wire.WriteText(envelope);
        var read = (TransferComplete)CwmpReader.Read(CwmpWriter.WriteToArray(envelope)).Body;

        Assert.Contains("<StartTime>2026-11-23T10:30:15.25Z</StartTime>", text, StringComparison.Ordinal);
        Assert.Contains("<CompleteTime>0001-01-01T00:00:00Z</CompleteTime>", text, StringComparison.Ordinal);
        Assert.Equal(local, read.StartTime);
        Assert.Equal(DateTimeOffset.MinValue, read.CompleteTime);
    }

    [Fact]
    public void A_large_parameter_list_round_trips_through_a_caller_supplied_buffer()
    {
        var parameters = Enumerable.Range(0, 5000).Select(i => new ParameterValue($"Device.X_CISCO_COM_FlatProfile.P{i}", new string('v', i % 50))).ToList();
        var envelope = Wire.Envelope(new GetParameterValuesResponse(parameters));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16);

        CwmpWriter.Write(envelope, buffer);
        var read = (GetParameterValuesResponse)CwmpReader.Read(buffer.WrittenMemory).Body;

        StructuralAssert.Equal(parameters, read.ParameterList);
    }
}
