using TR069Acs.Cwmp;
using TR069Acs.Cwmp.Tests.Support;

namespace TR069Acs.Cwmp.Tests.Serialization;

/// <summary>Issue 16 §1: fields and lists over TR-069's sizes (or the configured ones) refuse the whole message with
/// <see cref="CwmpErrorKind.LimitExceeded"/>, naming the field, its length and the limit, and quoting none of it.</summary>
public sealed class LimitTests
{
    private static readonly DateTimeOffset _time = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static Inform Inform(DeviceId? id = null, IEnumerable<EventStruct>? events = null, IEnumerable<ParameterValue>? parameters = null)
        => new(id ?? new DeviceId("Acme", "00D09E", "TestPhone", "SN1"), [.. events ?? [new EventStruct(EventCodes.Periodic)]], 1, _time, 0,
            [.. parameters ?? [new ParameterValue("Device.DeviceInfo.SoftwareVersion", "1.0")]]);

    private static CwmpFormatException Refused(CwmpMessage message, CwmpReaderOptions? options = null)
    {
        var bytes = CwmpWriter.WriteToArray(Wire.Envelope(message));
        var ex = Assert.Throws<CwmpFormatException>(() => CwmpReader.Read(bytes, options ?? new CwmpReaderOptions { MaxBodyBytes = 8 << 20 }));
        Assert.Equal(CwmpErrorKind.LimitExceeded, ex.Kind);
        Assert.True(ex.Message.Length < 400, $"the message quotes too much: {ex.Message.Length} characters");
        return ex;
    }

    private static CwmpMessage Read(CwmpMessage message, CwmpReaderOptions? options = null)
        => CwmpReader.Read(CwmpWriter.WriteToArray(Wire.Envelope(message)), options ?? new CwmpReaderOptions { MaxBodyBytes = 8 << 20 }).Body;

    [Theory]
    [InlineData("OUI", 7)]
    [InlineData("ProductClass", 65)]
    [InlineData("SerialNumber", 65)]
    [InlineData("Manufacturer", 65)]
    public void A_device_id_field_over_its_tr069_size_is_refused(string field, int length)
    {
        var text = new string('7', length);
        var id = field switch
        {
            "OUI" => new DeviceId("Acme", text, "TestPhone", "SN1"),
            "ProductClass" => new DeviceId("Acme", "00D09E", text, "SN1"),
            "SerialNumber" => new DeviceId("Acme", "00D09E", "TestPhone", text),
            _ => new DeviceId(text, "00D09E", "TestPhone", "SN1"),
        };

        var ex = Refused(Inform(id));

        Assert.Contains($"Inform/DeviceId/{field} has {length} characters", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_id_fields_at_their_tr069_sizes_are_read()
    {
        var id = new DeviceId(new string('M', 64), "00D09E", new string('P', 64), new string('S', 64));

        var inform = Assert.IsType<Inform>(Read(Inform(id)));

        Assert.Equal(id, inform.DeviceId);
    }

    [Fact]
    public void A_megabyte_serial_number_is_refused_without_being_quoted()
    {
        var ex = Refused(Inform(new DeviceId("Acme", "00D09E", "TestPhone", new string('9', 1 << 20))));

        Assert.Contains("SerialNumber has 1048576 characters; the limit is 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_name_over_256_characters_is_refused()
    {
        var ex = Refused(Inform(parameters: [new ParameterValue("Device." + new string('N', 250), "x")]));

        Assert.Contains("ParameterValueStruct/Name has 257 characters; the limit is 256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_over_the_configured_limit_is_refused_and_one_at_it_is_read()
    {
        var options = new CwmpReaderOptions { MaxBodyBytes = 8 << 20, MaxParameterValueChars = 100 };

        var ex = Refused(Inform(parameters: [new ParameterValue("Device.X.Blob", new string('v', 101))]), options);
        var read = Assert.IsType<Inform>(Read(Inform(parameters: [new ParameterValue("Device.X.Blob", new string('v', 100))]), options));

        Assert.Contains("the value of Device.X.Blob has 101 characters; the limit is 100", ex.Message, StringComparison.Ordinal);
        Assert.Equal(100, read.ParameterList.Single().Value.Length);
    }

    [Fact]
    public void The_default_value_limit_is_16_KiB()
    {
        Refused(Inform(parameters: [new ParameterValue("Device.X.Blob", new string('v', (16 * 1024) + 1))]));
        Assert.IsType<Inform>(Read(Inform(parameters: [new ParameterValue("Device.X.Blob", new string('v', 16 * 1024))])));
    }

    [Fact]
    public void More_parameters_than_the_limit_are_refused()
    {
        var options = new CwmpReaderOptions { MaxBodyBytes = 8 << 20, MaxInformParameters = 50 };
        ParameterValue P(int i) => new($"Device.X.P{i}", "1");

        var ex = Refused(Inform(parameters: Enumerable.Range(0, 51).Select(P)), options);
        var read = Assert.IsType<Inform>(Read(Inform(parameters: Enumerable.Range(0, 50).Select(P)), options));

        Assert.Contains("Inform/ParameterList has more than 50 entries", ex.Message, StringComparison.Ordinal);
        Assert.Equal(50, read.ParameterList.Count);
    }

    [Fact]
    public void More_than_64_events_are_refused()
    {
        var ex = Refused(Inform(events: Enumerable.Range(0, 65).Select(i => new EventStruct("M Reboot", $"k{i}"))));

        Assert.Contains("Inform/Event has more than 64 entries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_key_over_32_characters_is_refused_in_events_and_transfer_completes()
    {
        var key = new string('k', 33);

        var inEvent = Refused(Inform(events: [new EventStruct("M Download", key)]));
        var inTransfer = Refused(new TransferComplete(key, FaultStruct.None, _time, _time));
        var ok = Assert.IsType<TransferComplete>(Read(new TransferComplete(new string('k', 32), FaultStruct.None, _time, _time)));

        Assert.Contains("EventStruct/CommandKey has 33 characters; the limit is 32", inEvent.Message, StringComparison.Ordinal);
        Assert.Contains("TransferComplete/CommandKey has 33 characters; the limit is 32", inTransfer.Message, StringComparison.Ordinal);
        Assert.Equal(32, ok.CommandKey.Length);
    }
}
