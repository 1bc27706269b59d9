using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.DataModel;

public sealed class ObjectTests
{
    private const string Lines = "Device.Services.VoiceService.1.VoiceProfile.1.Line.";
    private const string Count = "Device.Services.VoiceService.1.VoiceProfile.1.LineNumberOfEntries";
    private readonly DeviceDataModel _model = TestEnvironment.NewModel(out _);

    [Fact]
    public void AddObject_creates_the_next_instance_with_defaults_and_sets_the_parameter_key()
    {
        var response = _model.AddObject(new AddObject(Lines, "add-1"));

        Assert.Equal(new AddObjectResponse(2, 0), response);
        Assert.Equal("2", _model.GetValue(Count));
        Assert.Equal("Enabled", _model.GetValue(Lines + "2.Enable"));
        Assert.Equal("", _model.GetValue(Lines + "2.DirectoryNumber"));
        Assert.Equal("add-1", _model.ParameterKey);
    }

    [Fact]
    public void New_instances_are_writable_by_SetParameterValues()
    {
        _model.AddObject(new AddObject(Lines, ""));

        var response = _model.SetParameterValues(new SetParameterValues([new ParameterValue(Lines + "2.DirectoryNumber", "5551234")], ""), out _);

        Assert.IsType<SetParameterValuesResponse>(response);
        Assert.Equal("5551234", _model.GetValue(Lines + "2.DirectoryNumber"));
        Assert.Equal("", _model.GetValue(Lines + "1.DirectoryNumber"));
    }

    [Fact]
    public void DeleteObject_removes_the_instance_and_its_values_and_numbers_are_never_reused()
    {
        _model.AddObject(new AddObject(Lines, ""));
        _model.SetParameterValues(new SetParameterValues([new ParameterValue(Lines + "2.DirectoryNumber", "5551234")], ""), out _);

        Assert.Equal(new DeleteObjectResponse(0), _model.DeleteObject(new DeleteObject(Lines + "2.", "del-2")));

        Assert.Equal("1", _model.GetValue(Count));
        Assert.Null(_model.GetValue(Lines + "2.DirectoryNumber"));
        Assert.Equal("del-2", _model.ParameterKey);
        Assert.Equal(new AddObjectResponse(3, 0), _model.AddObject(new AddObject(Lines, "")));
        Assert.Equal("", _model.GetValue(Lines + "3.DirectoryNumber"));
    }

    [Theory]
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.")]   // fixed number of instances
    [InlineData("Device.Time.")]                                   // not a table
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.Line")]
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.Line.1.")]   // an instance, not the table
    public void AddObject_on_anything_but_a_writable_table_faults_9005(string name)
    {
        var fault = Assert.IsType<CwmpFault>(_model.AddObject(new AddObject(name, "k")));

        Assert.Equal(FaultCodes.InvalidParameterName, fault.FaultCode);
        Assert.Equal("", _model.ParameterKey);
    }

    [Fact]
    public void AddObject_beyond_the_maximum_faults_9004()
    {
        for (var i = 0; i < 7; i++)
        {
            Assert.IsType<AddObjectResponse>(_model.AddObject(new AddObject(Lines, "")));
        }

        var fault = Assert.IsType<CwmpFault>(_model.AddObject(new AddObject(Lines, "")));
        Assert.Equal(FaultCodes.CpeResourcesExceeded, fault.FaultCode);
        Assert.Equal("8", _model.GetValue(Count));
    }

    [Theory]
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.Line.5.")]   // no such instance
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.")]          // fixed table
    [InlineData("Device.Services.VoiceService.1.VoiceProfile.1.Line.")]     // the table itself
    [InlineData("Device.Time.")]
    public void DeleteObject_of_anything_but_an_existing_deletable_instance_faults_9005(string name)
    {
        var fault = Assert.IsType<CwmpFault>(_model.DeleteObject(new DeleteObject(name, "k")));
        Assert.Equal(FaultCodes.InvalidParameterName, fault.FaultCode);
    }
}
