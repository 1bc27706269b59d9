using TR069Acs.Agent.DataModel;
using TR069Acs.Agent.Tests.Support;
using TR069Acs.Cwmp;

namespace TR069Acs.Agent.Tests.DataModel;

/// <summary>A value the ACS writes reads back as written within its type: an ACS that compares what it set with what it
/// reads (GenieACS does at every refresh) must see no change.</summary>
public sealed class ExactValueTests
{
    private const string Time = "Device.ManagementServer.PeriodicInformTime";
    private readonly DeviceDataModel _model = TestEnvironment.NewModel(out _);

    [Theory]
    [InlineData("2026-12-06T08:15:18.707Z")]
    [InlineData("2026-12-06T08:15:18Z")]
    [InlineData("2026-12-06T08:15:18.1Z")]
    [InlineData("2026-12-06T08:15:18.123456789Z")]
    [InlineData("2026-12-06T10:15:18.707+02:00")]
    [InlineData("2026-12-06T03:15:18.5-05:00")]
    [InlineData("2026-12-06T08:15:18")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void A_datetime_reads_back_exactly_as_written(string value)
    {
        var set = _model.SetParameterValues(new SetParameterValues([new ParameterValue(Time, value, "xsd:dateTime")], ""), out _);

        Assert.IsType<SetParameterValuesResponse>(set);
        var read = Assert.IsType<GetParameterValuesResponse>(_model.GetParameterValues(new GetParameterValues([Time])));
        Assert.Equal(new ParameterValue(Time, value, "xsd:dateTime"), Assert.Single(read.ParameterList));
    }

    [Theory]
    [InlineData("2026-13-06T08:15:18Z")]
    [InlineData("2026-12-06 08:15:18Z")]
    [InlineData("2026-12-06T08:15:18.Z")]
    [InlineData("2026/12/06T08:15:18Z")]
    [InlineData("2026-12-06T08:15:18+2")]
    public void A_malformed_datetime_is_9007_and_changes_nothing(string value)
    {
        var fault = Assert.IsType<CwmpFault>(_model.SetParameterValues(new SetParameterValues([new ParameterValue(Time, value, "xsd:dateTime")], ""), out _));

        Assert.Equal(FaultCodes.InvalidParameterValue, Assert.Single(fault.SetParameterValuesFaults).FaultCode);
        Assert.Equal(ValueValidator.UnknownTime, _model.GetValue(Time));
    }

    [Fact]
    public void A_setting_a_second_time_with_the_value_read_back_is_no_change()
    {
        _model.SetParameterValues(new SetParameterValues([new ParameterValue(Time, "2026-12-06T08:15:18.707Z", "xsd:dateTime")], ""), out _);
        var read = Assert.IsType<GetParameterValuesResponse>(_model.GetParameterValues(new GetParameterValues([Time])));

        _model.SetParameterValues(new SetParameterValues([Assert.Single(read.ParameterList)], ""), out var changed);

        Assert.Empty(changed);
    }
}
